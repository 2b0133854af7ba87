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

import Logging
import Synchronization
import Testing
@testable import ElasticAPM

/// The agent logs through the application's logging system; when that system includes an
/// `APMLogHandler`, the agent's own records must still never become events.
@Suite("swift-log: no feedback loop")
struct LogFeedbackLoopTests {
    /// Lets a handler created before the agent report to it once it exists.
    final class AgentSlot: Sendable {
        private let slot = Mutex<APMAgent?>(nil)
        var agent: APMAgent? {
            get { slot.withLock { $0 } }
            set { slot.withLock { $0 = newValue } }
        }
    }

    @Test("the agent's own records reach the console but are never captured, even at trace level with log_sending on")
    func agentRecordsIgnored() throws {
        let console = LogRecords()
        let slot = AgentSlot()
        let disabled = APMAgent(configuration: APMAgent.Configuration(), environment: ["ELASTIC_APM_ENABLED": "false"])
        // What `LoggingSystem.bootstrap` would hand out for every label, the agent's included.
        let makeHandler: @Sendable (String) -> any LogHandler = { label in
            var handler = MultiplexLogHandler([
                console.handler(),
                APMLogHandler(label: label, errorCaptureLevel: .trace, metadataProvider: nil) { slot.agent ?? disabled },
            ])
            handler.logLevel = .trace
            return handler
        }
        var configuration = APMAgent.Configuration(serviceName: "loop")
        configuration.logSending = true
        configuration.logLevel = .trace
        configuration.metricsInterval = .zero
        configuration.queueCommitInterval = .milliseconds(1)
        let store = InMemoryQueueWriter()
        let agent = APMAgent(
            configuration: configuration, environment: [:], ndjsonMirrorPath: nil,
            logHandler: makeHandler("co.elastic.apm")
        ) { _, _ in store }
        slot.agent = agent
        let agentLogger = try #require(agent.core?.logger)
        agentLogger.error("Cannot write to the event queue (disk_full): a test; new events are dropped and counted")
        agentLogger.info("Central config: log_level 'info' → 'debug'")
        agentLogger.trace("a trace line")
        #expect(agent.waitUntilQueued())

        let app = Logger(label: "app", factory: makeHandler)
        app.error("the application's own error")
        #expect(agent.waitUntilQueued())

        let consoleMessages = console.all.map(\.message)
        #expect(
            consoleMessages.contains("Cannot write to the event queue (disk_full): a test; new events are dropped and counted"))
        #expect(consoleMessages.contains("the application's own error"))
        #expect(consoleMessages.count >= 5, "the start-up log reached the console too")
        let lines = store.events.map { String(decoding: $0.line, as: UTF8.self) }
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.allSatisfy { $0.contains("the application's own error") })
        #expect(agent.statistics.captured == ["error": 1, "log": 1])
        agent.closeBlocking()
    }
}
