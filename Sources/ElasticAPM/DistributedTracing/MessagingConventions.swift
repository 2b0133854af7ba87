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

/// OpenTelemetry messaging attributes: `messaging.system` and `messaging.destination.name`
/// (`messaging.destination`), mapped to a `messaging` span with `context.message.queue.name`.
enum MessagingConventions {
    /// Type `messaging`, subtype the system, action `send` for producers and `receive` for consumers.
    static func shape(
        system: String, kind: SpanKind, _ attributes: BridgedAttributes,
        peer: NetworkPeer
    ) -> (SpanTypeName, APMSpanContext) {
        let action: String? =
            switch kind {
            case .producer: "send"
            case .consumer: "receive"
            default: nil
            }
        let queue = attributes.string(.messagingDestinationName, .messagingDestination)
        return (
            SpanTypeName(type: "messaging", subtype: system, action: action),
            APMSpanContext(
                message: APMMessageContext(queueName: queue), destinationAddress: peer.address,
                destinationPort: peer.port)
        )
    }
}
