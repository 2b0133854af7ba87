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
