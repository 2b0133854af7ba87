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
    /// The `service.*` fields of a `log` event.
    struct LogService {
        var name = ""
        var version: String?
        var environment: String?
        var nodeName: String?
    }

    /// Writes the body of a `log` event (the object after `"log":`): ECS fields in dotted form,
    /// as APM Server 8.6+ reads them; `reduced` leaves out the labels.
    func write(_ event: LogRecordEvent, to writer: inout JSONWriter, reduced: Bool) {
        writer.beginObject()
        writer.field("@timestamp", event.timestamp)
        writer.field("message", longField(event.message))
        writer.field("log.level", event.level.rawValue)
        writer.field("log.logger", Self.keyword(event.loggerName))
        writer.field("log.origin.file.name", Self.keyword(event.file))
        writer.field("log.origin.file.line", Int64(clamping: event.line))
        writer.field("log.origin.function", Self.keyword(event.function))
        writer.field("trace.id", event.traceID)
        writer.field("transaction.id", event.transactionID)
        writer.field("span.id", event.spanID)
        if let error = event.error {
            writer.field("error.type", Self.keyword(error.type))
            writer.field("error.message", longField(error.message))
        }
        let service = options.service
        writer.field("service.name", Self.keyword(service.name))
        writer.field("service.version", service.version.map(Self.keyword))
        writer.field("service.environment", service.environment.map(Self.keyword))
        writer.field("service.node.name", service.nodeName.map(Self.keyword))
        writer.field("event.dataset", Self.keyword(service.name))
        if !reduced, !event.metadata.isEmpty {
            let labels = LogMetadataConversion.labels(event.metadata, sanitizing: options.sanitizeFieldNames)
            if !labels.isEmpty {
                writer.key("labels")
                writer.beginObject()
                for (key, value) in labels {
                    writer.dynamicKey(Self.keyword(key))
                    switch value {
                    case .string(let string): writer.string(Self.keyword(string))
                    case .bool(let bool): writer.bool(bool)
                    case .number(let number): writer.double(number)
                    case .null: writer.null()
                    }
                }
                writer.endObject()
            }
        }
        writer.endObject()
    }
}
