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

import APMRuntime
import APMStore
import APMTestSupport
import Foundation
import Testing
@testable import ElasticAPM

/// The config thread against the loopback APM Server stand-in; the thread waits between polls on
/// a manual clock, which each test advances to make it poll again.
@Suite("Central configuration: polling APM Server", .serialized, .timeLimit(.minutes(2)))
struct CentralConfigPollingTests {
    static let service = "central-svc"

    /// Runs `body` with a fresh loopback server, shutting it down afterwards.
    func withServer(_ body: (LoopbackIntakeServer) async throws -> Void) async throws {
        let server = try await LoopbackIntakeServer.start()
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// The configuration cached in the queue file at `path` for the test service.
    func cached(_ path: String) throws -> CachedRemoteConfig? {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        return try queue.remoteConfig(serviceName: Self.service, environment: "test")
    }

    func unquoted(_ etag: String) -> String { etag.replacingOccurrences(of: "\"", with: "") }

    @Test("a change on the server is applied within one max-age, logged once and cached")
    func changeApplied() async throws {
        try await withServer { server in
            server.setAgentConfig(["transaction_sample_rate": "0.5"], forService: Self.service)
            server.setAgentConfigMaxAge(1)
            let path = try CentralConfigAgent.temporaryQueuePath()
            let clock = ManualClock()
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: path, minimumInterval: .milliseconds(500),
                clock: clock)
            #expect(await eventually { subject.agent.settings.transactionSampleRate == 0.5 })
            server.setAgentConfig(["transaction_sample_rate": "0.25"], forService: Self.service)
            #expect(await clock.waitForSleeper(after: .milliseconds(999)))
            #expect(clock.sleepers(after: .seconds(1)) == 0, "the next poll is due after max-age, 1 s")
            #expect(server.configRequests.count == 1)
            clock.advance(by: .seconds(1))
            #expect(await eventually { subject.agent.settings.transactionSampleRate == 0.25 })
            #expect(
                subject.logged("Central config: transaction_sample_rate") == [
                    "Central config: transaction_sample_rate '1.0' → '0.5'",
                    "Central config: transaction_sample_rate '0.5' → '0.25'",
                ])
            let etag = unquoted(server.agentConfigETag(forService: Self.service))
            #expect(await eventually { (try? cached(path))?.etag == etag })
            let row = try #require(try cached(path))
            #expect(String(decoding: row.body, as: UTF8.self) == #"{"transaction_sample_rate":"0.25"}"#)
            #expect(row.maxAge == 1)
            #expect(row.appliedAt != nil)
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("the config request: GET with service name and environment, the intake's Authorization and User-Agent")
    func requestShape() async throws {
        try await withServer { server in
            let path = try CentralConfigAgent.temporaryQueuePath()
            let subject = CentralConfigAgent(serverURL: server.url, queuePath: path) { $0.secretToken = "t0ken" }
            subject.agent.withTransaction("job", type: "job") { _ in }
            #expect(await subject.agent.flush(timeout: .seconds(10)).completed)
            #expect(await eventually { !server.configRequests.isEmpty })
            let request = try #require(server.configRequests.first)
            #expect(request.method == "GET")
            #expect(request.serviceName == Self.service)
            #expect(request.environment == "test")
            #expect(request.header("Authorization") == "Bearer t0ken")
            let intake = try #require(server.intakeRequests.first)
            #expect(request.header("User-Agent") == intake.header("User-Agent"))
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("a restart with the server unreachable applies the cached configuration before anything is captured")
    func restartOffline() async throws {
        let path = try CentralConfigAgent.temporaryQueuePath()
        try await withServer { server in
            server.setAgentConfig(["transaction_sample_rate": "0"], forService: Self.service)
            let first = CentralConfigAgent(serverURL: server.url, queuePath: path)
            #expect(await eventually { first.agent.settings.transactionSampleRate == 0 })
            #expect(await eventually { (try? cached(path))?.appliedAt != nil })
            await first.agent.close(timeout: .seconds(2))
        }
        let second = CentralConfigAgent(serverURL: CentralConfigCacheTests.unreachable, queuePath: path)
        #expect(second.agent.waitUntilCachedConfigApplied(timeout: .seconds(10)))
        await second.agent.withTransaction("first after restart", type: "request") { transaction in
            #expect(!transaction.isSampled)
        }
        #expect(second.logged("Central config: applied the cached configuration").count == 1)
        #expect(second.logged("Central config: transaction_sample_rate '1.0' → '0.0'").count == 1)
        await second.agent.close(timeout: .milliseconds(500))
    }

    @Test("a key deleted on the server reverts to its local value")
    func deletedKeyReverts() async throws {
        try await withServer { server in
            server.setAgentConfig(["transaction_sample_rate": "0.5", "capture_body": "all"], forService: Self.service)
            server.setAgentConfigMaxAge(1)
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: nil, minimumInterval: .milliseconds(200),
                clock: ManualClock(), variables: ["ELASTIC_APM_TRANSACTION_SAMPLE_RATE": "0.2"])
            #expect(await eventually { subject.agent.settings.captureBody == .all })
            #expect(subject.agent.settings.transactionSampleRate == 0.5)
            server.setAgentConfig(["capture_body": "all"], forService: Self.service)
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await eventually { subject.agent.settings.transactionSampleRate == 0.2 })
            #expect(subject.agent.settings.captureBody == .all)
            server.setAgentConfig([:], forService: Self.service)
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await eventually { subject.agent.settings.captureBody == .off })
            #expect(subject.logged("Central config: transaction_sample_rate '0.5' → '0.2'").count == 1)
            #expect(subject.logged("Central config: capture_body 'all' → 'off'").count == 1)
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("an invalid value leaves the other keys applied; invalid and unsupported keys are reported once")
    func invalidValue() async throws {
        try await withServer { server in
            server.setAgentConfig(
                [
                    "transaction_sample_rate": "often", "capture_body": "errors", "server_url": "http://x:1",
                    "no_such_option": "1",
                ], forService: Self.service)
            server.setAgentConfigMaxAge(1)
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: nil, minimumInterval: .milliseconds(200),
                clock: ManualClock())
            #expect(await eventually { subject.agent.settings.captureBody == .errors })
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await eventually { server.configRequests.filter { $0.status == 304 }.count == 2 })
            #expect(subject.agent.settings.transactionSampleRate == 1)
            #expect(subject.agent.settings.serverURL == server.url)
            #expect(subject.logged("Central config failure. Invalid value for transaction_sample_rate: ").count == 1)
            #expect(
                subject.logged("Central config failure. Unsupported config names: ") == [
                    "Central config failure. Unsupported config names: no_such_option, server_url"
                ])
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("If-None-Match carries the etag only once a configuration was applied, and keeps it through errors")
    func etagAfterApply() async throws {
        try await withServer { server in
            server.setAgentConfigStatus(503)
            server.setAgentConfigMaxAge(1)
            server.setAgentConfig(["stack_trace_limit": "7"], forService: Self.service)
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: nil, minimumInterval: .milliseconds(100),
                fallbackInterval: .milliseconds(200), clock: ManualClock())
            #expect(await subject.advance(by: .milliseconds(200)))
            #expect(await eventually { server.configRequests.count == 2 })
            #expect(server.configRequests.allSatisfy { $0.header("If-None-Match") == nil })
            #expect(subject.agent.settings.stackTraceLimit == 50)
            server.setAgentConfigStatus(nil)
            #expect(await subject.advance(by: .milliseconds(200)))
            #expect(await eventually { subject.agent.settings.stackTraceLimit == 7 })
            let etag = server.agentConfigETag(forService: Self.service)
            server.setAgentConfigStatus(503)
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await subject.advance(by: .milliseconds(200)))
            #expect(await eventually { server.configRequests.count == 5 })
            server.setAgentConfigStatus(nil)
            #expect(await subject.advance(by: .milliseconds(200)))
            #expect(await eventually { server.configRequests.count == 6 })
            #expect(server.configRequests.last?.status == 304)
            let requests = server.configRequests
            let firstApplied = try #require(requests.firstIndex { $0.status == 200 })
            #expect(requests[..<firstApplied].allSatisfy { $0.header("If-None-Match") == nil })
            #expect(requests[(firstApplied + 1)...].allSatisfy { $0.header("If-None-Match") == etag })
            #expect(subject.agent.settings.stackTraceLimit == 7)
            #expect(
                subject.logs.entries.contains {
                    $0.level == .error && $0.message.hasPrefix("Central config failure: APM Server answered HTTP 503")
                })
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("304 changes nothing: no change log, no cache write")
    func notModified() async throws {
        try await withServer { server in
            server.setAgentConfig(["transaction_max_spans": "10"], forService: Self.service)
            server.setAgentConfigMaxAge(1)
            let path = try CentralConfigAgent.temporaryQueuePath()
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: path, minimumInterval: .milliseconds(200),
                clock: ManualClock())
            #expect(await eventually { (try? cached(path))?.appliedAt != nil })
            let stored = try #require(try cached(path))
            for _ in 0..<3 { #expect(await subject.advance(by: .seconds(1))) }
            #expect(await eventually { server.configRequests.filter { $0.status == 304 }.count == 3 })
            #expect(try cached(path) == stored)
            #expect(subject.logged("Central config: transaction_max_spans").count == 1)
            #expect(server.configRequests.filter { $0.status == 200 }.count == 1)
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("403 and 404: the feature is unavailable, logged at debug level, polled slowly", arguments: [403, 404])
    func unavailable(status: Int) async throws {
        try await withServer { server in
            server.setAgentConfigStatus(status)
            server.setAgentConfigMaxAge(1)
            let clock = ManualClock()
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: nil, minimumInterval: .milliseconds(100),
                clock: clock)
            #expect(await clock.waitForSleeper(after: .seconds(299)), "polled again after the fallback interval, 5 min")
            #expect(clock.sleepers(after: .seconds(300)) == 0)
            #expect(server.configRequests.count == 1)
            clock.advance(by: .seconds(300))
            #expect(await eventually { server.configRequests.count == 2 })
            #expect(
                subject.logs.entries.contains {
                    $0.level == .debug && $0.message.hasPrefix("Central config unavailable (HTTP \(status))")
                })
            #expect(!subject.logs.entries.contains { $0.level >= .warning && $0.message.contains("Central config") })
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("central_config=false: no request at all")
    func disabled() async throws {
        try await withServer { server in
            let path = try CentralConfigAgent.temporaryQueuePath()
            let subject = CentralConfigAgent(serverURL: server.url, queuePath: path) { $0.centralConfig = false }
            subject.agent.withTransaction("job", type: "job") { _ in }
            #expect(await subject.agent.flush(timeout: .seconds(10)).completed)
            #expect(subject.agent.poller == nil)
            #expect(server.intakeRequests.count >= 1)
            #expect(server.configRequests.isEmpty)
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("api_request_size from central configuration reaches the sender")
    func requestSizeReachesSender() async throws {
        try await withServer { server in
            server.setAgentConfig(["api_request_size": "2kb"], forService: Self.service)
            let path = try CentralConfigAgent.temporaryQueuePath()
            let subject = CentralConfigAgent(serverURL: server.url, queuePath: path)
            #expect(await eventually { subject.agent.settings.apiRequestSize == 2048 })
            for index in 0..<40 {
                subject.agent.withTransaction("transaction \(index)", type: "job") { _ in }
            }
            #expect(await subject.agent.flush(timeout: .seconds(10)).completed)
            let requests = server.intakeRequests
            #expect(requests.reduce(0) { $0 + $1.events.count } == 40)
            #expect(requests.count > 1)
            #expect(requests.allSatisfy { $0.rawBodySize <= 2048 || $0.events.count == 1 })
            await subject.agent.close(timeout: .seconds(2))
        }
    }

    @Test("log_level from central configuration governs the agent's logger")
    func logLevel() async throws {
        try await withServer { server in
            server.setAgentConfig(["log_level": "trace"], forService: Self.service)
            server.setAgentConfigMaxAge(1)
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: nil, minimumInterval: .milliseconds(200),
                clock: ManualClock()
            ) {
                $0.logLevel = .info
            }
            #expect(await eventually { subject.agent.core?.logger.logLevel == .trace })
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await eventually { subject.logs.count(containing: "Central config: unchanged") >= 1 })
            await subject.agent.close(timeout: .seconds(2))
        }
    }
}
