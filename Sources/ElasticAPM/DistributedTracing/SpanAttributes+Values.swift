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
