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

import Tracing

extension IntakeEncoder {
    /// Whether the attribute `key` holds a URL (`url.full`, `http.url`, `messaging.url`), whose `user:password@`
    /// is redacted as in `context.http.url`. Compared by length first: this runs for every attribute.
    private static func isURLKey(_ key: String) -> Bool {
        switch key.utf8.count {
        case 8: key == "url.full" || key == "http.url"
        case 13: key == "messaging.url"
        default: false
        }
    }

    /// Writes the `otel` object: `span_kind` and the attributes (sorted by key, header attributes left out,
    /// user info in URLs redacted, keys and string values limited like other keywords; reduced events keep
    /// only the span kind).
    func write(_ otel: OTelFields, to writer: inout JSONWriter, reduced: Bool) {
        writer.key("otel")
        writer.beginObject()
        writer.field("span_kind", otel.spanKind)
        if !reduced {
            var entries: [(String, SpanAttribute)] = []
            entries.reserveCapacity(otel.attributes.count)
            otel.attributes.forEach { key, value in
                if !HTTPHeaderAttributes.isHeader(key) { entries.append((key, value)) }
            }
            if !entries.isEmpty {
                entries.sort { $0.0 < $1.0 }
                writer.key("attributes")
                writer.beginObject()
                for (key, value) in entries {
                    writer.dynamicKey(Self.keyword(key))
                    if Self.isURLKey(key), case .string(let url) = value {
                        writer.string(Self.keyword(URLRedaction.redactUserInfo(url)))
                    } else {
                        Self.write(value, to: &writer)
                    }
                }
                writer.endObject()
            }
        }
        writer.endObject()
    }

    private static func write(_ value: SpanAttribute, to writer: inout JSONWriter) {
        switch value {
        case .int32(let int): writer.int(Int64(int))
        case .int64(let int): writer.int(int)
        case .double(let double): writer.double(double)
        case .bool(let bool): writer.bool(bool)
        case .string(let string): writer.string(keyword(string))
        case .stringConvertible(let convertible): writer.string(keyword(String(describing: convertible)))
        case .int32Array(let ints): writeArray(ints, to: &writer) { $1.int(Int64($0)) }
        case .int64Array(let ints): writeArray(ints, to: &writer) { $1.int($0) }
        case .doubleArray(let doubles): writeArray(doubles, to: &writer) { $1.double($0) }
        case .boolArray(let bools): writeArray(bools, to: &writer) { $1.bool($0) }
        case .stringArray(let strings): writeArray(strings, to: &writer) { $1.string(keyword($0)) }
        case .stringConvertibleArray(let values):
            writeArray(values, to: &writer) { $1.string(keyword(String(describing: $0))) }
        default: writer.null()
        }
    }

    private static func writeArray<Element>(
        _ elements: [Element], to writer: inout JSONWriter,
        _ write: (Element, inout JSONWriter) -> Void
    ) {
        writer.beginArray()
        for element in elements { write(element, &writer) }
        writer.endArray()
    }
}
