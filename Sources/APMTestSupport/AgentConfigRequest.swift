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

/// One request to the agent configuration endpoint (`/config/v1/agents`) as
/// ``LoopbackIntakeServer`` saw it.
package struct AgentConfigRequest: Sendable {
    /// `GET` or `POST` (or whatever the client sent).
    package var method: String
    /// The request target, path and query.
    package var uri: String
    /// The decoded query parameters, such as `service.name` and `service.environment`.
    package var query: [String: String]
    /// Every request header, in order.
    package var headers: [(String, String)]
    /// The request body as text (the JSON of a `POST`, empty for a `GET`).
    package var body: String
    /// The service the request asked for: the `service.name` query parameter, else
    /// `service.name` in a `POST` body.
    package var serviceName: String?
    /// The environment the request asked for, found the same way as ``serviceName``.
    package var environment: String?
    /// The status the server answered with.
    package var status: Int

    /// The value of the first header named `name`, compared without regard to case.
    package func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
