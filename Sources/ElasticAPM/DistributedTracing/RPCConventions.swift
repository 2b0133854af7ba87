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

/// OpenTelemetry RPC client attributes: `rpc.system` and `rpc.service`, mapped to an `external` span whose
/// service target is the peer (`host:port`), else the RPC service, as the bridge spec says.
enum RPCConventions {
    /// Type `external`, subtype the RPC system.
    static func shape(system: String, _ attributes: BridgedAttributes, peer: NetworkPeer) -> (SpanTypeName, APMSpanContext) {
        (
            SpanTypeName(type: "external", subtype: system),
            APMSpanContext(
                destinationAddress: peer.address, destinationPort: peer.port, serviceTargetType: system,
                serviceTargetName: peer.netName ?? attributes.string(.rpcService))
        )
    }
}
