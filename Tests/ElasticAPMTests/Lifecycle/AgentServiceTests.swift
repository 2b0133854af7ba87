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
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import ElasticAPM

/// The agent as a swift-service-lifecycle `Service` in a `ServiceGroup`, against the loopback
/// APM Server stand-in (or against a port where nothing listens).
@Suite("Service lifecycle: the agent as a Service", .timeLimit(.minutes(2)))
struct AgentServiceTests {
    /// A stand-in for an HTTP server: it answers one request when it starts and the last one
    /// while it shuts down, each as a transaction.
    struct LastRequestService: Service {
        let agent: APMAgent

        func run() async throws {
            agent.withTransaction("GET /first", type: "request") { $0.setResult("HTTP 2xx") }
            do {
                try await gracefulShutdown()
            } catch {
                return
            }
            agent.withTransaction("GET /last", type: "request") { $0.setResult("HTTP 2xx") }
        }
    }

    /// An agent with a queue file in `directory`, sending to `serverURL`, without central configuration.
    func makeAgent(serverURL: String, directory: TempDir) -> CentralConfigAgent {
        CentralConfigAgent(serverURL: serverURL, queuePath: directory.file("queue.sqlite")) { $0.centralConfig = false }
    }

    /// Runs the agent's service and the app's in one group (agent first, so it stops last),
    /// triggers graceful shutdown once the app has answered its first request, and returns
    /// when `run()` has returned.
    func runAndShutDown(_ subject: CentralConfigAgent, shutdownTimeout: Duration) async throws {
        let group = ServiceGroup(
            services: [subject.agent.service(shutdownTimeout: shutdownTimeout), LastRequestService(agent: subject.agent)],
            logger: subject.logs.logger())
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await eventually(timeout: .seconds(60)) { subject.agent.statistics.captured["transaction"] == 1 })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The transaction names among the lines `server` accepted.
    func transactionNames(_ server: LoopbackIntakeServer) -> [String] {
        server.events.compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["transaction"] as? [String: Any])?["name"] as? String
        }
    }

    @Test("graceful shutdown: the app's last transaction reaches APM Server before the agent's run() returns")
    func lastTransactionDelivered() async throws {
        let directory = try TempDir(prefix: "apm-lifecycle")
        defer { directory.remove() }
        try await withServer { server in
            let subject = makeAgent(serverURL: server.url, directory: directory)
            try await runAndShutDown(subject, shutdownTimeout: .seconds(20))
            #expect(transactionNames(server).sorted() == ["GET /first", "GET /last"])
            #expect(!subject.agent.isEnabled)
            #expect(subject.logs.count(containing: "Elastic APM agent stopped: everything captured was delivered") == 1)
        }
        let queue = try EventQueue(path: directory.file("queue.sqlite"))
        defer { queue.close() }
        #expect(try queue.countEvents().events == 0)
    }

    @Test("a down server: run() returns after the shutdown timeout without throwing; the events stay in the queue file")
    func downServerKeepsEvents() async throws {
        let directory = try TempDir(prefix: "apm-lifecycle")
        defer { directory.remove() }
        let subject = makeAgent(serverURL: "http://127.0.0.1:9", directory: directory)
        try await runAndShutDown(subject, shutdownTimeout: .seconds(1))
        #expect(!subject.agent.isEnabled)
        #expect(subject.logs.count(containing: "events not yet delivered; they stay in the queue file") == 1)
        let queue = try EventQueue(path: directory.file("queue.sqlite"))
        defer { queue.close() }
        let names = try queue.listEvents(order: .oldestFirst, limit: 10, kind: "transaction", includeBodies: true).map {
            let object = try JSONSerialization.jsonObject(with: Data($0.event.body)) as? [String: Any]
            return (object?["transaction"] as? [String: Any])?["name"] as? String
        }
        #expect(names == ["GET /first", "GET /last"])
    }

    @Test("cancellation instead of graceful shutdown still flushes what was captured")
    func cancellationFlushes() async throws {
        let directory = try TempDir(prefix: "apm-lifecycle")
        defer { directory.remove() }
        try await withServer { server in
            let subject = makeAgent(serverURL: server.url, directory: directory)
            let group = ServiceGroup(
                services: [subject.agent.service(shutdownTimeout: .seconds(20)), LastRequestService(agent: subject.agent)],
                logger: subject.logs.logger())
            let running = Task { try await group.run() }
            #expect(await eventually(timeout: .seconds(60)) { subject.agent.statistics.captured["transaction"] == 1 })
            running.cancel()
            _ = await running.result
            #expect(transactionNames(server) == ["GET /first"])
            #expect(!subject.agent.isEnabled)
        }
    }
}
