//===----------------------------------------------------------------------===//
//
// This source file is part of the apm-agent-swift open source project
//
// Copyright (c) 2026 the apm-agent-swift project authors
// Licensed under Apache License v2.0
//
// See LICENSE for license information
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

extension IntakeEncoder {
    /// Writes the body of a `metricset` event (the object after `"metricset":`).
    func write(_ event: MetricsetEvent, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("timestamp", event.timestamp)
        if !event.tags.isEmpty {
            writer.key("tags")
            writer.beginObject()
            for (key, value) in event.tags {
                writer.dynamicKey(key)
                switch value {
                case .string(let string): writer.string(Self.keyword(string))
                case .bool(let bool): writer.bool(bool)
                case .number(let number): writer.double(number)
                case .null: writer.null()
                }
            }
            writer.endObject()
        }
        if let transaction = event.transaction {
            writer.key("transaction")
            writer.beginObject()
            writer.field("name", Self.keyword(transaction.name))
            writer.field("type", Self.keyword(transaction.type))
            writer.endObject()
        }
        if let span = event.span {
            writer.key("span")
            writer.beginObject()
            writer.field("type", Self.keyword(span.type))
            writer.field("subtype", span.subtype.map(Self.keyword))
            writer.endObject()
        }
        writer.key("samples")
        writer.beginObject()
        for sample in event.samples {
            writer.dynamicKey(sample.name)
            writer.beginObject()
            switch sample.value {
            case .single(let value):
                writer.field("value", value)
            case .histogram(let values, let counts):
                writer.key("values")
                writer.beginArray()
                for value in values { writer.double(value) }
                writer.endArray()
                writer.key("counts")
                writer.beginArray()
                for count in counts { writer.int(count) }
                writer.endArray()
            }
            writer.field("type", sample.type)
            writer.field("unit", sample.unit)
            writer.endObject()
        }
        writer.endObject()
        writer.endObject()
    }
}
