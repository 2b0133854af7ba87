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

import Foundation

/// What `GET /` told about the APM Server.
package struct ServerInfo: Sendable, Equatable {
    /// The server's release, or `nil` when the server did not say (an unauthenticated
    /// request gets a 200 with an empty body).
    package var version: ServerVersion?

    /// Creates server info with a known or unknown version.
    package init(version: ServerVersion?) {
        self.version = version
    }

    /// Server info whose version is unknown.
    package static let unknown = ServerInfo(version: nil)

    /// Whether the server drops unsampled transactions itself and wants agents not to send
    /// them (APM Server 8.0 and later).
    package var skipsUnsampledTransactions: Bool {
        guard let version else { return false }
        return version.major >= 8
    }

    /// The stored metadata line as this server takes it: APM Server 8.7.0 rejects
    /// `service.agent.activation_method` (the spec: omit it there, send it to every other version,
    /// unknown ones included), so for that release the field is cut out of the line.
    package func metadataLine(_ line: [UInt8]) -> [UInt8] {
        guard version == ServerVersion(major: 8, minor: 7, patch: 0) else { return line }
        let field = Array(#","activation_method":""#.utf8)
        guard let start = line.firstRange(of: field)?.lowerBound,
            let close = line[(start + field.count)...].firstIndex(of: UInt8(ascii: "\""))
        else { return line }
        return Array(line[..<start] + line[(close + 1)...])
    }

    /// Reads the answer to `GET /`.
    ///
    /// Accepts `{"version":"8.13.0",…}` and the nested `{"version":{"number":"8.13.0"}}`; any
    /// other status, an empty body or a body without a readable version gives ``unknown``.
    package static func parse(status: Int, body: [UInt8]) -> ServerInfo {
        guard status == 200, !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else {
            return .unknown
        }
        let text: String?
        switch object["version"] {
        case let flat as String:
            text = flat
        case let nested as [String: Any]:
            text = nested["number"] as? String
        default:
            text = nil
        }
        return ServerInfo(version: text.flatMap(ServerVersion.init))
    }
}
