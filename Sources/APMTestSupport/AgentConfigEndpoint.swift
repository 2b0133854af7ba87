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

/// The state and answers of ``LoopbackIntakeServer``'s `/config/v1/agents`, modelled on APM
/// Server: the settings of the service asked for as a JSON object of strings (`{}` for a
/// service without any), a quoted `ETag` derived from that body, `304 Not Modified` when
/// `If-None-Match` names the current ETag, and `Cache-Control: max-age=N, must-revalidate`.
///
/// Not thread-safe; the server guards it with its lock.
struct AgentConfigEndpoint {
    /// What to send back.
    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: String
    }

    /// Settings per service name.
    var settings: [String: [String: String]] = [:]
    /// The `max-age` of the `Cache-Control` header; `nil` leaves the header out.
    var maxAge: Int? = 30
    /// When set, every request is answered with this status and an APM Server-like error body.
    var statusOverride: Int?

    /// The JSON object served to `service`, keys sorted.
    func body(forService service: String) -> String {
        let object = settings[service] ?? [:]
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The quoted ETag of the body served to `service`: a 64-bit FNV-1a hash of the body in hex.
    func etag(forService service: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in body(forService: service).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// Answers one request and describes it for the record.
    func answer(method: String, uri: String, headers: [(String, String)], body: [UInt8]) -> (Answer, AgentConfigRequest) {
        let query = Self.queryItems(uri)
        let text = String(decoding: body, as: UTF8.self)
        let posted: (name: String?, environment: String?) = method == "POST" ? Self.postedService(body) : (nil, nil)
        var request = AgentConfigRequest(
            method: method, uri: uri, query: query, headers: headers, body: text,
            serviceName: query["service.name"] ?? posted.name,
            environment: query["service.environment"] ?? posted.environment,
            status: 0)
        let answer = answer(to: request)
        request.status = answer.status
        return (answer, request)
    }

    private func answer(to request: AgentConfigRequest) -> Answer {
        if let statusOverride {
            return Self.failure(statusOverride)
        }
        guard request.method == "GET" || request.method == "POST" else {
            return Answer(
                status: 405, headers: [("Content-Type", "application/json")], body: #"{"error":"method not supported"}"#)
        }
        guard let service = request.serviceName, !service.isEmpty else {
            return Answer(
                status: 400, headers: [("Content-Type", "application/json")], body: #"{"error":"service.name is required"}"#)
        }
        let etag = etag(forService: service)
        var headers = [("ETag", etag)]
        if let maxAge {
            headers.append(("Cache-Control", "max-age=\(maxAge), must-revalidate"))
        }
        let unquoted = { (text: String) in text.replacingOccurrences(of: "\"", with: "") }
        if let match = request.header("If-None-Match"), unquoted(match) == unquoted(etag) {
            return Answer(status: 304, headers: headers, body: "")
        }
        headers.append(("Content-Type", "application/json"))
        return Answer(status: 200, headers: headers, body: body(forService: service))
    }

    /// The error answer APM Server gives with `status`: a Go-style text 404 (a server without
    /// the endpoint), JSON `{"error": …}` otherwise.
    private static func failure(_ status: Int) -> Answer {
        let message: String
        switch status {
        case 404:
            return Answer(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")], body: "404 page not found\n")
        case 401:
            message = "authentication failed: missing or improperly formatted Authorization header"
        case 403:
            message =
                "forbidden request: Agent remote configuration is disabled. Configure the `apm-server.kibana` section in apm-server.yml to enable it."
        case 503:
            message = "service unavailable: unable to retrieve connection to Kibana"
        default:
            message = "request failed with status \(status)"
        }
        let data = try? JSONSerialization.data(withJSONObject: ["error": message], options: [.withoutEscapingSlashes])
        return Answer(
            status: status, headers: [("Content-Type", "application/json")], body: String(decoding: data ?? Data(), as: UTF8.self)
        )
    }

    /// The decoded query parameters of `uri` (the last one wins when a name repeats).
    private static func queryItems(_ uri: String) -> [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: uri)?.queryItems ?? [] {
            items[item.name] = item.value ?? ""
        }
        return items
    }

    /// `service.name` and `service.environment` of a `POST` body
    /// (`{"service": {"name": …, "environment": …}}`).
    private static func postedService(_ body: [UInt8]) -> (name: String?, environment: String?) {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let service = object?["service"] as? [String: Any]
        return (service?["name"] as? String, service?["environment"] as? String)
    }
}
