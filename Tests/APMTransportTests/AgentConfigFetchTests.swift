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
import APMTransport
import Foundation
import Testing

@Suite("Agent configuration fetch against the loopback server", .serialized, .timeLimit(.minutes(1)))
struct AgentConfigFetchTests {
    /// Runs `body` with a client for `configuration` and shuts the client down on a thread afterwards.
    func withClient(_ configuration: IntakeClientConfiguration, _ body: (IntakeClient) async throws -> Void) async throws {
        let client = try IntakeClient(configuration: configuration)
        do {
            try await body(client)
        } catch {
            await onThread { client.shutdown() }
            throw error
        }
        await onThread { client.shutdown() }
    }

    @Test("GET with the service in the query, the intake's Authorization and User-Agent, no If-None-Match without an etag")
    func requestShape() async throws {
        try await withServer { server in
            server.setAgentConfig(["transaction_sample_rate": "0.5"], forService: "checkout")
            try await withClient(clientConfiguration(server, secretToken: "s3cr3t")) { client in
                let result = await client.fetchAgentConfig(serviceName: "checkout", environment: "prod + eu&x=1", etag: nil)
                guard case .modified(let document) = result else {
                    Issue.record("expected a configuration, got \(result)")
                    return
                }
                #expect(document.settings == ["transaction_sample_rate": "0.5"])
                #expect(document.etag == server.agentConfigETag(forService: "checkout").replacingOccurrences(of: "\"", with: ""))
                #expect(document.maxAge == 30)
            }
            let request = try #require(server.configRequests.first)
            #expect(request.method == "GET")
            #expect(request.uri == "/config/v1/agents?service.name=checkout&service.environment=prod%20%2B%20eu%26x%3D1")
            #expect(request.serviceName == "checkout")
            #expect(request.environment == "prod + eu&x=1")
            #expect(request.header("Authorization") == "Bearer s3cr3t")
            #expect(request.header("User-Agent")?.hasPrefix("apm-agent-swift/") == true)
            #expect(request.header("If-None-Match") == nil)
        }
    }

    @Test("no environment: no service.environment parameter")
    func noEnvironment() async throws {
        try await withServer { server in
            try await withClient(clientConfiguration(server)) { client in
                _ = await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: nil)
            }
            #expect(server.configRequests.first?.uri == "/config/v1/agents?service.name=checkout")
        }
    }

    @Test("the etag goes out quoted in If-None-Match; the same etag gets 304, a changed configuration 200")
    func conditional() async throws {
        try await withServer { server in
            server.setAgentConfig(["capture_body": "all"], forService: "checkout")
            server.setAgentConfigMaxAge(7)
            try await withClient(clientConfiguration(server)) { client in
                guard
                    case .modified(let first) = await client.fetchAgentConfig(
                        serviceName: "checkout", environment: nil, etag: nil),
                    let etag = first.etag
                else {
                    Issue.record("expected a configuration with an etag")
                    return
                }
                let unchanged = await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: etag)
                #expect(unchanged == .notModified(maxAge: 7))
                #expect(server.configRequests.last?.header("If-None-Match") == "\"\(etag)\"")
                server.setAgentConfig([:], forService: "checkout")
                let deleted = await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: etag)
                guard case .modified(let empty) = deleted else {
                    Issue.record("expected {}, got \(deleted)")
                    return
                }
                #expect(empty.settings.isEmpty)
                #expect(empty.body == Array("{}".utf8))
                #expect(empty.etag != etag)
            }
        }
    }

    @Test("401, 403 and 404 are unavailable, 503 a server error with the server's message")
    func errors() async throws {
        try await withServer { server in
            try await withClient(clientConfiguration(server)) { client in
                for status in [401, 403, 404] {
                    server.setAgentConfigStatus(status)
                    #expect(
                        await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: nil)
                            == .unavailable(status: status, maxAge: nil))
                }
                server.setAgentConfigStatus(503)
                #expect(
                    await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: nil)
                        == .serverError(
                            status: 503, message: "HTTP 503: service unavailable: unable to retrieve connection to Kibana",
                            maxAge: nil))
            }
        }
    }

    @Test("a refused connection and a shut-down client are failures, never thrown")
    func failures() async throws {
        let port = try await withServer { server in server.port }
        let configuration = IntakeClientConfiguration(
            serverURL: "http://127.0.0.1:\(port)", serviceName: "checkout", agentVersion: "0.1.0",
            serverTimeout: .seconds(3), environment: [:])
        let client = try IntakeClient(configuration: configuration)
        let refused = await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: nil)
        await onThread { client.shutdown() }
        guard case .failed = refused else {
            Issue.record("expected a failure, got \(refused)")
            return
        }
        #expect(
            await client.fetchAgentConfig(serviceName: "checkout", environment: nil, etag: nil)
                == .failed(reason: "the intake client has been shut down"))
    }
}
