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

/// The type, name, result and HTTP context of a transaction begun through ``APMTracer``.
///
/// The type follows the OpenTelemetry bridge spec: `request` for server spans of HTTP or RPC, `messaging` for
/// consumer spans with `messaging.system`, `unknown` otherwise. HTTP server transactions are named
/// `<METHOD> <route>` and get the result `HTTP Nxx` from the status code; other transactions keep the
/// operation name and get no result.
struct BridgedTransactionShape {
    /// `transaction.type`.
    var type: String
    /// `transaction.name`.
    var name: String
    /// `transaction.result`, only for HTTP.
    var result: String?
    /// The HTTP status code the transaction answered.
    var statusCode: Int?
    /// The HTTP method, when the transaction is an HTTP request.
    var method: String?

    init(kind: SpanKind, operationName: String, attributes: BridgedAttributes) {
        name = operationName
        type = Self.type(kind: kind, present: attributes.present)
        statusCode = HTTPAttributes.statusCode(attributes)
        result = statusCode.map(HTTPServerConventions.result(statusCode:))
        if kind == .server, let method = HTTPAttributes.method(attributes) {
            self.method = method
            name = HTTPServerConventions.transactionName(
                method: method, route: attributes.string(.httpRoute),
                operationName: operationName)
        }
    }

    /// The bridge spec's transaction type.
    static func type(kind: SpanKind, present: BridgedAttributeKey.Set) -> String {
        switch kind {
        case .server where present.contains(.rpcSystem) || !present.isDisjoint(with: HTTPAttributes.keys): "request"
        case .consumer where present.contains(.messagingSystem): "messaging"
        default: "unknown"
        }
    }

    /// `context.request` and `context.response` for an HTTP transaction (sampled transactions only).
    func httpContext(_ attributes: BridgedAttributes) -> (APMRequestContext?, APMResponseContext?) {
        guard let method else { return (nil, HTTPServerConventions.response(statusCode: statusCode, attributes)) }
        return (
            HTTPServerConventions.request(method: method, attributes),
            HTTPServerConventions.response(statusCode: statusCode, attributes)
        )
    }
}
