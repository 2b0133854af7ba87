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

/// The OpenTelemetry attributes the bridge maps to Elastic fields (semantic conventions, current and legacy
/// names). ``BridgedAttributes`` reads a span's attributes once and keeps the values of these keys.
enum BridgedAttributeKey: UInt8, CaseIterable {
    // Database
    case dbSystem, dbSystemName, dbQueryText, dbStatement, dbNamespace, dbName, dbUser
    // Fluent
    case fluentQueryCollection, fluentQueryNamespace, fluentQueryOperation
    // Messaging
    case messagingSystem, messagingDestinationName, messagingDestination
    // RPC
    case rpcSystem, rpcService, rpcGRPCStatusCode
    // Peer and network
    case peerService, serverAddress, serverPort, netPeerName, netPeerIP, netPeerPort, networkPeerAddress
    case networkPeerPort, netHostName, netHostPort, networkProtocolVersion, clientAddress, netSockPeerAddr
    // HTTP and URL
    case httpRequestMethod, httpMethod, httpRoute, httpResponseStatusCode, httpStatusCode, httpFlavor, httpHost
    case httpTarget, httpURL, httpScheme, urlFull, urlScheme, urlPath, urlQuery
    // Exception events
    case exceptionMessage, exceptionType

    /// The attribute's name.
    var name: String {
        switch self {
        case .dbSystem: "db.system"
        case .dbSystemName: "db.system.name"
        case .dbQueryText: "db.query.text"
        case .dbStatement: "db.statement"
        case .dbNamespace: "db.namespace"
        case .dbName: "db.name"
        case .dbUser: "db.user"
        case .fluentQueryCollection: "fluent.query.collection"
        case .fluentQueryNamespace: "fluent.query.namespace"
        case .fluentQueryOperation: "fluent.query.operation"
        case .messagingSystem: "messaging.system"
        case .messagingDestinationName: "messaging.destination.name"
        case .messagingDestination: "messaging.destination"
        case .rpcSystem: "rpc.system"
        case .rpcService: "rpc.service"
        case .rpcGRPCStatusCode: "rpc.grpc.status_code"
        case .peerService: "peer.service"
        case .serverAddress: "server.address"
        case .serverPort: "server.port"
        case .netPeerName: "net.peer.name"
        case .netPeerIP: "net.peer.ip"
        case .netPeerPort: "net.peer.port"
        case .networkPeerAddress: "network.peer.address"
        case .networkPeerPort: "network.peer.port"
        case .netHostName: "net.host.name"
        case .netHostPort: "net.host.port"
        case .networkProtocolVersion: "network.protocol.version"
        case .clientAddress: "client.address"
        case .netSockPeerAddr: "net.sock.peer.addr"
        case .httpRequestMethod: "http.request.method"
        case .httpMethod: "http.method"
        case .httpRoute: "http.route"
        case .httpResponseStatusCode: "http.response.status_code"
        case .httpStatusCode: "http.status_code"
        case .httpFlavor: "http.flavor"
        case .httpHost: "http.host"
        case .httpTarget: "http.target"
        case .httpURL: "http.url"
        case .httpScheme: "http.scheme"
        case .urlFull: "url.full"
        case .urlScheme: "url.scheme"
        case .urlPath: "url.path"
        case .urlQuery: "url.query"
        case .exceptionMessage: "exception.message"
        case .exceptionType: "exception.type"
        }
    }

    /// Whether the conventions read the value as an integer (ports, status codes); others are read as text.
    var isInteger: Bool {
        switch self {
        case .rpcGRPCStatusCode, .serverPort, .netPeerPort, .networkPeerPort, .netHostPort, .httpResponseStatusCode,
            .httpStatusCode:
            true
        default: false
        }
    }

    /// The key's bit in a ``Set``.
    var bit: UInt64 { 1 << UInt64(rawValue) }

    /// The key named `name`, if the bridge maps it: an FNV-1a hash of the name's bytes picks a slot of a small
    /// open-addressing table, then the names are compared (cheaper than hashing a `String` into a dictionary).
    static func named(_ name: String) -> BridgedAttributeKey? {
        var name = name
        let hash = name.withUTF8(fnv1a)
        let table = KeyTable.shared
        var index = Int(hash & KeyTable.mask)
        while true {
            let entry = table.slots[index]
            guard entry != 0 else { return nil }
            let key = BridgedAttributeKey(rawValue: entry &- 1)!
            if table.hashes[index] == hash, key.name == name { return key }
            index = (index &+ 1) & Int(KeyTable.mask)
        }
    }

    /// The 32-bit FNV-1a hash of `bytes`.
    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// The mapped keys by the hash of their names (linear probing; at most a third of the slots is used).
    private final class KeyTable: Sendable {
        static let shared = KeyTable()
        static let mask: UInt32 = 255
        /// Each slot's key's raw value plus one; 0 for an empty slot.
        let slots: [UInt8]
        /// Each slot's hash.
        let hashes: [UInt32]

        private init() {
            var slots = [UInt8](repeating: 0, count: Int(Self.mask) + 1)
            var hashes = [UInt32](repeating: 0, count: slots.count)
            for key in BridgedAttributeKey.allCases {
                var name = key.name
                let hash = name.withUTF8(BridgedAttributeKey.fnv1a)
                var index = Int(hash & Self.mask)
                while slots[index] != 0 { index = (index + 1) & Int(Self.mask) }
                slots[index] = key.rawValue + 1
                hashes[index] = hash
            }
            self.slots = slots
            self.hashes = hashes
        }
    }

    /// A set of keys, one bit each.
    struct Set: OptionSet {
        var rawValue: UInt64

        init(rawValue: UInt64) { self.rawValue = rawValue }

        init(_ keys: BridgedAttributeKey...) {
            rawValue = keys.reduce(0) { $0 | $1.bit }
        }

        func contains(_ key: BridgedAttributeKey) -> Bool { rawValue & key.bit != 0 }
    }
}
