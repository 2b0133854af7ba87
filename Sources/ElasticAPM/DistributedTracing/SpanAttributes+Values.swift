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

extension SpanAttributes {
    /// The value of the first of `keys` that is set, as text (numbers and string-convertible values
    /// included); empty strings count as unset.
    func string(_ keys: String...) -> String? {
        for key in keys {
            switch get(key) {
            case .string(let value)? where !value.isEmpty: return value
            case .stringConvertible(let value)?: return String(describing: value)
            case .int64(let value)?: return String(value)
            case .int32(let value)?: return String(value)
            default: continue
            }
        }
        return nil
    }

    /// The value of the first of `keys` that holds an integer (or a string of digits).
    func int(_ keys: String...) -> Int? {
        for key in keys {
            switch get(key) {
            case .int64(let value)?: return Int(exactly: value)
            case .int32(let value)?: return Int(value)
            case .double(let value)?: if let int = Int(exactly: value) { return int }
            case .string(let value)?: if let int = Int(value) { return int }
            case .stringConvertible(let value)?: if let int = Int(String(describing: value)) { return int }
            default: continue
            }
        }
        return nil
    }

    /// Whether any of `keys` is set.
    func contains(anyOf keys: String...) -> Bool {
        keys.contains { get($0) != nil }
    }

    /// Every value of a single or array attribute as text (header values).
    static func texts(of attribute: SpanAttribute) -> [String] {
        switch attribute {
        case .string(let value): [value]
        case .stringArray(let values): values
        case .stringConvertible(let value): [String(describing: value)]
        case .stringConvertibleArray(let values): values.map { String(describing: $0) }
        case .int64(let value): [String(value)]
        case .int32(let value): [String(value)]
        default: []
        }
    }
}

extension SpanKind {
    /// The OpenTelemetry name written to `otel.span_kind`.
    var otelName: String {
        switch self {
        case .server: "SERVER"
        case .client: "CLIENT"
        case .producer: "PRODUCER"
        case .consumer: "CONSUMER"
        case .internal: "INTERNAL"
        }
    }

    /// Whether the span handles work that came from elsewhere (`server`, `consumer`): HTTP status codes
    /// then follow the server rules of the outcome spec.
    var isIncoming: Bool { self == .server || self == .consumer }

    /// Whether the span calls another service (`client`, `producer`): it becomes an exit span.
    var isOutgoing: Bool { self == .client || self == .producer }
}
