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

/// The remote end of an outgoing call, from `server.address`/`server.port` (current conventions) or
/// `net.peer.name`/`net.peer.ip`/`net.peer.port` and `network.peer.address`/`network.peer.port` (older ones).
struct NetworkPeer {
    /// The host name or address.
    var address: String?
    /// The port.
    var port: Int?

    init(_ attributes: BridgedAttributes) {
        address = attributes.string(.serverAddress, .netPeerName, .netPeerIP, .networkPeerAddress)
        port = attributes.int(.serverPort, .netPeerPort, .networkPeerPort)
    }

    /// `address:port` (the port only when positive), the bridge spec's `netName`.
    var netName: String? {
        guard let address else { return nil }
        let host = address.contains(":") && !address.hasPrefix("[") ? "[" + address + "]" : address
        guard let port, port > 0 else { return host }
        return host + ":" + String(port)
    }
}
