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

/// The answer to one agent configuration request (`GET /config/v1/agents`).
package enum AgentConfigResult: Sendable, Equatable {
    /// 2xx with a JSON object: a configuration to apply (`{}` with etag `-` when none exists).
    case modified(AgentConfigDocument)
    /// 304: the configuration whose etag was sent in `If-None-Match` is still current.
    case notModified(maxAge: Int?)
    /// 4xx: the feature is not available to this agent (403: agent configuration disabled
    /// or not permitted; 404: a server without the endpoint; 401: wrong credentials).
    case unavailable(status: Int, maxAge: Int?)
    /// 5xx: the server could not answer (Kibana or Elasticsearch unreachable, not ready).
    case serverError(status: Int, message: String, maxAge: Int?)
    /// No usable answer: a network error or timeout, a 2xx whose body is not a JSON object,
    /// or an unexpected status such as a redirect.
    case failed(reason: String)

    /// The `Cache-Control: max-age` of the answer in seconds, when it had a valid one.
    package var maxAge: Int? {
        switch self {
        case .modified(let document): document.maxAge
        case .notModified(let maxAge), .unavailable(_, let maxAge), .serverError(_, _, let maxAge): maxAge
        case .failed: nil
        }
    }

    /// Classifies an HTTP answer from its status, `Etag` and `Cache-Control` headers and body.
    package static func classify(status: Int, etag: String?, cacheControl: String?, body: [UInt8]) -> AgentConfigResult {
        let maxAge = CacheControl.maxAge(cacheControl)
        switch status {
        case 200..<300:
            guard let settings = AgentConfigDocument.settings(from: body) else {
                let response = IntakeResponse(status: status, body: body)
                return .failed(reason: "HTTP \(status) without a JSON object: \(response.snippet)")
            }
            return .modified(
                AgentConfigDocument(
                    etag: AgentConfigDocument.etag(fromHeader: etag), settings: settings, body: body, maxAge: maxAge))
        case 304:
            return .notModified(maxAge: maxAge)
        case 400..<500:
            return .unavailable(status: status, maxAge: maxAge)
        case 500..<600:
            let response = IntakeResponse(status: status, body: body)
            return .serverError(status: status, message: response.reason(IntakeResponseBody.decode(body)), maxAge: maxAge)
        default:
            return .failed(reason: "unexpected HTTP \(status)")
        }
    }
}
