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

import APMStore
import APMTestSupport
import APMTransport
import Foundation
import Testing

@Suite("Intake client against the loopback server", .serialized, .timeLimit(.minutes(1)))
struct IntakeClientTests {
    let metadata = Array(#"{"metadata":{"service":{"name":"svc"}}}"#.utf8)
    let lines = (1...3).map { transactionLine($0) }

    func makeRequest() throws -> IntakeRequest {
        let block = StoredBlock(
            id: 1, kind: "transaction", events: lines.count, rawSize: lines.reduce(0) { $0 + $1.utf8.count + 1 },
            isUnsampledTransactions: false, attempts: 0, body: MemoryQueue.member(lines))
        return IntakeRequest(
            metadataMember: try IntakeRequest.metadataMember(metadata), metadataSize: metadata.count + 1, blocks: [block])
    }

    func post(_ configuration: IntakeClientConfiguration) async throws -> (IntakeResponse, IntakeRequest) {
        let client = try IntakeClient(configuration: configuration)
        let request = try makeRequest()
        let response = try await client.send(request)
        await onThread { client.shutdown() }
        return (response, request)
    }

    @Test("gzip bodies decode to the ND-JSON and carry the spec's headers")
    func headersWithGzip() async throws {
        try await withServer { server in
            var configuration = clientConfiguration(server, secretToken: "secr3tT0ken", apiKey: "RTNxMjlXNEJt")
            configuration.serviceName = "my(Service)"
            configuration.serviceVersion = #"1.0\beta"#
            let (response, request) = try await post(configuration)
            #expect(response.status == 202)

            let received = try #require(server.intakeRequests.first)
            #expect(received.method == "POST")
            #expect(received.uri == "/intake/v2/events")
            #expect(received.header("Content-Encoding") == "gzip")
            #expect(received.header("Content-Type") == "application/x-ndjson")
            #expect(received.header("Accept") == "application/json")
            #expect(received.header("User-Agent") == "apm-agent-swift/0.1.0 (my_Service_ 1.0_beta)")
            #expect(received.header("Authorization") == "ApiKey RTNxMjlXNEJt")
            #expect(received.rawBodySize == request.body.count)
            #expect(received.metadata == String(decoding: metadata, as: UTF8.self))
            #expect(received.events == (1...3).map { transactionLine($0) })
        }
    }

    @Test("loopback bodies are gzip too (stored blocks are sent as stored); a secret token alone is a Bearer token")
    func gzipWithBearer() async throws {
        try await withServer { server in
            _ = try await post(clientConfiguration(server, secretToken: "secr3tT0ken"))
            let received = try #require(server.intakeRequests.first)
            #expect(received.header("Content-Encoding") == "gzip")
            #expect(received.header("Authorization") == "Bearer secr3tT0ken")
            #expect(received.events.count == 3)
        }
    }

    @Test("no Authorization header without credentials; server info is read from GET /")
    func noCredentialsAndServerInfo() async throws {
        try await withServer(serverInfo: #"{"version":"8.13.2","publish_ready":true}"#) { server in
            let client = try IntakeClient(configuration: clientConfiguration(server))
            let info = try await client.fetchServerInfo()
            _ = try await client.send(makeRequest())
            await onThread { client.shutdown() }
            #expect(info.version == ServerVersion(major: 8, minor: 13, patch: 2))
            let requests = server.requests
            #expect(requests.map(\.uri) == ["/", "/intake/v2/events"])
            #expect(requests.allSatisfy { $0.header("Authorization") == nil })
            #expect(requests[0].method == "GET")
        }
    }

    @Test("a refused connection fails the future; a request after shutdown fails too")
    func failures() async throws {
        try await withServer { server in
            try await server.setMode(.down)
            let client = try IntakeClient(configuration: clientConfiguration(server))
            await #expect(throws: (any Error).self) {
                try await client.send(makeRequest())
            }
            await onThread { client.shutdown() }
            await #expect(throws: IntakeClientError.shutDown) {
                try await client.fetchServerInfo()
            }
        }
    }

    @Test("TLS: an untrusted certificate fails; verifyServerCert false or the CA file makes it pass")
    func tls() async throws {
        try await withServer(tls: true) { server in
            #expect(server.url.hasPrefix("https://"))
            let untrusted = try IntakeClient(configuration: clientConfiguration(server))
            await #expect(throws: (any Error).self) {
                try await untrusted.send(makeRequest())
            }
            await onThread { untrusted.shutdown() }

            var unverified = clientConfiguration(server)
            unverified.verifyServerCert = false
            #expect(try await post(unverified).0.status == 202)

            let caFile = FileManager.default.temporaryDirectory.appendingPathComponent(
                "apm-transport-ca-\(UUID().uuidString).pem")
            try TestCertificate.certificatePEM.write(to: caFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: caFile) }
            var trusted = clientConfiguration(server)
            trusted.serverCACertFile = caFile.path
            #expect(try await post(trusted).0.status == 202)
            #expect(server.events.count == 6)
        }
    }

    @Test("HTTP_PROXY from the environment routes requests through the proxy")
    func proxy() async throws {
        try await withServer { proxy in
            var configuration = clientConfiguration(proxy)
            configuration.serverURL = "http://apm.invalid:8200"
            configuration.environment = ["HTTP_PROXY": "http://user:pw@127.0.0.1:\(proxy.port)"]
            let client = try IntakeClient(configuration: configuration)
            #expect(client.proxy == ProxySettings(host: "127.0.0.1", port: proxy.port, username: "user", password: "pw"))
            await #expect(throws: (any Error).self) {
                try await client.send(makeRequest())
            }
            await onThread { client.shutdown() }
            let connect = try #require(proxy.requests.first)
            #expect(connect.method == "CONNECT")
            #expect(connect.uri == "apm.invalid:8200")
            #expect(connect.header("Proxy-Authorization") == "Basic dXNlcjpwdw==")
        }
    }
}
