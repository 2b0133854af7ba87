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

import APMTestSupport
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite("The loopback server's agent configuration endpoint", .timeLimit(.minutes(1)))
struct LoopbackAgentConfigTests {
    /// One answer: status, headers by lower-cased name, body text.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    func fetch(
        _ server: LoopbackIntakeServer, query: String = "?service.name=checkout", method: HTTPMethod = .GET,
        body: String? = nil, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: server.url + "/config/v1/agents" + query)
        request.method = method
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        var byName: [String: String] = [:]
        for header in response.headers {
            byName[header.name.lowercased()] = header.value
        }
        return Answer(status: Int(response.status.code), headers: byName, body: String(buffer: bytes))
    }

    @Test("GET serves the service's settings with a quoted ETag and Cache-Control; a matching If-None-Match gets 304")
    func getAndNotModified() async throws {
        try await withServer { server in
            server.setAgentConfig(["transaction_sample_rate": "0.5", "capture_body": "errors"], forService: "checkout")
            let first = try await fetch(server, query: "?service.name=checkout&service.environment=production")
            #expect(first.status == 200)
            #expect(first.body == #"{"capture_body":"errors","transaction_sample_rate":"0.5"}"#)
            let etag = try #require(first.headers["etag"])
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count > 2)
            #expect(etag == server.agentConfigETag(forService: "checkout"))
            #expect(first.headers["cache-control"] == "max-age=30, must-revalidate")

            let again = try await fetch(server, headers: [("If-None-Match", etag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.headers["etag"] == etag)

            server.setAgentConfig(["transaction_sample_rate": "0.5"], forService: "checkout")
            let changed = try await fetch(server, headers: [("If-None-Match", etag)])
            #expect(changed.status == 200)
            #expect(changed.body == #"{"transaction_sample_rate":"0.5"}"#)
            #expect(changed.headers["etag"] != etag)

            let requests = server.configRequests
            #expect(requests.count == 3)
            #expect(requests.map(\.status) == [200, 304, 200])
            #expect(requests[0].method == "GET")
            #expect(requests[0].query == ["service.name": "checkout", "service.environment": "production"])
            #expect(requests[0].serviceName == "checkout")
            #expect(requests[0].environment == "production")
            #expect(requests[1].header("if-none-match") == etag)
            #expect(server.requests.count == 3)
        }
    }

    @Test("POST names the service in its body; an unconfigured service gets {} with an ETag")
    func postAndUnknownService() async throws {
        try await withServer { server in
            server.setAgentConfig(["log_level": "debug"], forService: "billing")
            let posted = try await fetch(
                server, query: "", method: .POST, body: #"{"service":{"name":"billing","environment":"staging"}}"#,
                headers: [("Authorization", "Bearer t0ken")])
            #expect(posted.status == 200)
            #expect(posted.body == #"{"log_level":"debug"}"#)

            let unknown = try await fetch(server, query: "?service.name=nobody")
            #expect(unknown.status == 200)
            #expect(unknown.body == "{}")
            #expect(unknown.headers["etag"] == server.agentConfigETag(forService: "nobody"))

            let missing = try await fetch(server, query: "")
            #expect(missing.status == 400)

            let requests = server.configRequests
            #expect(requests[0].method == "POST")
            #expect(requests[0].serviceName == "billing")
            #expect(requests[0].environment == "staging")
            #expect(requests[0].header("Authorization") == "Bearer t0ken")
            #expect(requests[0].body.contains("billing"))
        }
    }

    @Test("max-age is settable and can be left out; a status override answers every request")
    func maxAgeAndStatus() async throws {
        try await withServer { server in
            server.setAgentConfigMaxAge(5)
            #expect(try await fetch(server).headers["cache-control"] == "max-age=5, must-revalidate")
            server.setAgentConfigMaxAge(nil)
            let uncached = try await fetch(server)
            #expect(uncached.status == 200)
            #expect(uncached.headers["cache-control"] == nil)

            for status in [403, 503] {
                server.setAgentConfigStatus(status)
                let failed = try await fetch(server)
                #expect(failed.status == status)
                let object = try JSONSerialization.jsonObject(with: Data(failed.body.utf8)) as? [String: Any]
                #expect(object?["error"] is String, "\(failed.body)")
                #expect(failed.headers["etag"] == nil)
            }
            server.setAgentConfigStatus(404)
            let notFound = try await fetch(server)
            #expect(notFound.status == 404)
            #expect(notFound.body == "404 page not found\n")

            server.setAgentConfigStatus(nil)
            #expect(try await fetch(server).status == 200)
            #expect(server.configRequests.map(\.status) == [200, 200, 403, 503, 404, 200])
        }
    }
}
