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
import ElasticAPM
import Hummingbird
import ServiceLifecycle
import Synchronization
import Testing
import Tracing

/// A `ServiceGroup` running the agent's service and a Hummingbird application: on graceful
/// shutdown the server stops first, then the agent flushes, so the last requests reach APM Server.
@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    /// Runs `base`, then `afterStop` once it has returned (the HTTP server has stopped).
    struct StopObserved: Service {
        let base: any Service
        let afterStop: @Sendable () async throws -> Void

        func run() async throws {
            try await base.run()
            try await afterStop()
        }
    }

    @Test("the last request's transaction is delivered after the HTTP server stops and before the group returns")
    func lastRequestDelivered() async throws {
        let directory = try TempDir()
        defer { directory.remove() }
        try await withServer { intake in
            // APM Server is unavailable while the application serves: nothing can be delivered before the stop.
            try await intake.setMode(.unavailable)
            var configuration = APMAgent.Configuration(serviceName: "shutdown-test")
            configuration.serverURL = intake.url
            configuration.queuePath = directory.file("queue.sqlite")
            configuration.centralConfig = false
            configuration.metricsInterval = .zero
            configuration.stackTraceLimit = 0
            configuration.logLevel = .critical
            let agent = APMAgent(configuration: configuration, environment: [:])

            let router = Router()
            router.add(middleware: TracingMiddleware())
            router.get("/orders/:id") { _, context in "order \(try context.parameters.require("id"))" }
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let application = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in
                    portContinuation.yield(channel.localAddress?.port ?? 0)
                    portContinuation.finish()
                },
                logger: quietLogger)
            let transactionsAtStop = Mutex<Int?>(nil)
            let server = StopObserved(base: application) {
                transactionsAtStop.withLock { $0 = IntakeEvents(lines: intake.events).transactions.count }
                try await intake.setMode(.ok)
            }
            // The agent first: a group stops its services in reverse order, so the agent stops last.
            let group = ServiceGroup(
                configuration: .init(
                    services: [agent.service(shutdownTimeout: .seconds(10)), server],
                    logger: quietLogger))

            try await withTracer(agent.tracer) {
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask {
                        defer { portContinuation.finish() }
                        try await group.run()
                    }
                    var iterator = ports.makeAsyncIterator()
                    let port = try #require(await iterator.next())
                    try await withHTTPClient(traced: false) { client in
                        let first = try await client.send(.GET, "http://127.0.0.1:\(port)/orders/1").status
                        let last = try await client.send(.GET, "http://127.0.0.1:\(port)/orders/2").status
                        #expect([first, last] == [200, 200])
                    }
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
            }

            #expect(transactionsAtStop.withLock { $0 } == 0)
            let delivered = IntakeEvents(lines: intake.events).transactions
            #expect(delivered.count == 2)
            #expect(delivered.allSatisfy { $0["name"] as? String == "GET /orders/:id" })
            #expect(
                delivered.compactMap { $0[path: "context.request.url.pathname"] as? String }.sorted() == [
                    "/orders/1", "/orders/2",
                ])
        }
    }
}
