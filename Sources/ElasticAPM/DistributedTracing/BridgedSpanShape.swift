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

/// The type, subtype, action, context and name of a span begun through ``APMTracer``, inferred from its kind
/// and attributes with the OpenTelemetry bridge spec's algorithm (database, then messaging, then RPC, then
/// HTTP; otherwise `app`/`internal` for internal spans and `unknown` for the rest). `peer.service` names the
/// service target when set. Exit spans without any of these get no service target.
struct BridgedSpanShape {
    /// The inferred type name.
    var typeName: SpanTypeName
    /// `context.db`/`http`/`message`, destination and service target (`nil`: none).
    var context: APMSpanContext?
    /// The span name.
    var name: String

    init(kind: SpanKind, operationName: String, attributes: BridgedAttributes) {
        let peer = NetworkPeer(attributes)
        name = operationName
        if FluentConventions.isFluentQuery(operationName: operationName, attributes) {
            let shape = FluentConventions.shape(attributes, peer: peer)
            typeName = shape.0
            context = shape.1
            name = shape.name
        } else if let system = attributes.string(.dbSystem, .dbSystemName) {
            let shape = DatabaseConventions.shape(system: system, attributes, peer: peer)
            typeName = shape.0
            context = shape.1
        } else if let system = attributes.string(.messagingSystem) {
            let shape = MessagingConventions.shape(system: system, kind: kind, attributes, peer: peer)
            typeName = shape.0
            context = shape.1
        } else if let system = attributes.string(.rpcSystem) {
            let shape = RPCConventions.shape(system: system, attributes, peer: peer)
            typeName = shape.0
            context = shape.1
        } else if HTTPAttributes.isHTTP(attributes) {
            let (typeName, context) = HTTPClientConventions.shape(attributes, peer: peer)
            self.typeName = typeName
            self.context = context
            name = HTTPClientConventions.spanName(
                operationName: operationName, method: context.http?.method,
                url: context.http?.url, peer: peer)
        } else if kind == .internal {
            typeName = SpanTypeName(type: "app", subtype: "internal")
            context = nil
        } else {
            typeName = SpanTypeName(type: "unknown")
            // No family recognised: an exit span gets no made-up `unknown` destination.
            context = kind.isOutgoing ? APMSpanContext(serviceTargetType: "", serviceTargetName: "") : nil
        }
        if let service = attributes.string(.peerService) {
            var context = self.context ?? APMSpanContext()
            if context.serviceTargetType == "" { context.serviceTargetType = nil }
            context.serviceTargetName = service
            self.context = context
        }
    }
}
