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
import Logging
import Testing
@testable import ElasticAPM

/// `log` events on their way out: the intake oracle's verdict, the queue file's kind column,
/// and `log_sending` switched live by central configuration.
@Suite("swift-log: log events in the queue and on the wire", .timeLimit(.minutes(2)))
struct LogSendingDeliveryTests {
    /// A logger whose records go to `agent` only.
    func logger(_ agent: APMAgent, label: String = "app") -> Logger {
        var logger = Logger(label: label) { label in APMLogHandler(label: label, agent: agent) }
        logger.logLevel = .info
        return logger
    }

    /// The `log` lines among `lines`, decoded.
    func logBodies(_ lines: [String]) -> [[String: Any]] {
        lines.compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["log"] as? [String: Any]
        }
    }

    @Test(
        "log and error lines from the handler pass the intake oracle; sanitised values never reach the wire",
        .enabled(
            if: IntakeOracle.isAvailable,
            "../shared/tools/intake-oracle or python3 with jsonschema not found: schema check skipped"))
    func oracleAccepts() throws {
        let test = TestAgent {
            $0.logSending = true
            $0.serviceVersion = "2.0.0"
            $0.environment = "test"
            $0.serviceNodeName = "node-7"
        }
        let log = logger(test.agent)
        log.info("outside", metadata: ["password": "s3cr3t-value", "n": .stringConvertible(1)])
        test.agent.withTransaction("GET /a", type: "request") { _ in
            test.agent.captureSpan("work") { _ in
                log.warning("in span", metadata: ["nested": ["api_key": "s3cr3t-value", "list": ["x"]]])
                log.error("failed", error: URLError(.timedOut), metadata: ["session_id": "s3cr3t-value"])
            }
        }
        log.critical("\u{1}control ☃ \"quoted\"")
        let events = test.events()
        #expect(events.logs.count == 4)
        #expect(events.errors.count == 2)
        let ndjson = test.store.ndjson
        #expect(!ndjson.contains("s3cr3t-value"))

        let file = FileManager.default.temporaryDirectory.appending(path: "apm-logs-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(ndjson.utf8).write(to: file)
        let result = try IntakeOracle.validate(file)
        #expect(result.exitStatus == 0, "oracle output: \(result.output)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(stats["invalid_events"] as? Int == 0, "\(stats["invalid_examples"] ?? "")")
        let counts = stats["events"] as? [String: Int] ?? [:]
        #expect(counts["log"] == 4)
        #expect(counts["error"] == 2)
        #expect(counts["transaction"] == 1)
    }

    @Test("log events are queued with kind 'log' and counted as captured.log in the queue file")
    func queuedKind() throws {
        let directory = try TempDir(prefix: "apm-log-queue")
        defer { directory.remove() }
        var configuration = APMAgent.Configuration(serviceName: "queued-logs", serverURL: "http://127.0.0.1:9")
        configuration.queuePath = directory.file("queue.sqlite")
        configuration.logSending = true
        configuration.centralConfig = false
        configuration.metricsInterval = .zero
        configuration.queueCommitInterval = .milliseconds(1)
        configuration.logLevel = .critical
        let agent = APMAgent(configuration: configuration, environment: [:])
        logger(agent).notice("queued")
        #expect(agent.waitUntilQueued())
        agent.closeBlocking(timeout: .milliseconds(100))
        let queue = try EventQueue(path: directory.file("queue.sqlite"))
        defer { queue.close() }
        let stats = try queue.stats(now: EventQueue.now())
        #expect(stats.byKind == ["log": 1])
        #expect(stats.counters["captured.log"] == 1)
        let row = try #require(try queue.listEvents(limit: 1, kind: "log", includeBodies: true).first)
        #expect(logBodies([String(decoding: row.event.body, as: UTF8.self)]).first?["message"] as? String == "queued")
    }

    @Test("log_sending switched on and off by central configuration takes effect without a restart")
    func centralConfigSwitch() async throws {
        let directory = try TempDir(prefix: "apm-log-central")
        defer { directory.remove() }
        try await withServer { server in
            server.setAgentConfigMaxAge(1)
            let subject = CentralConfigAgent(
                serverURL: server.url, queuePath: directory.file("queue.sqlite"),
                minimumInterval: .milliseconds(200), clock: ManualClock())
            let log = logger(subject.agent)
            log.info("before")
            server.setAgentConfig(["log_sending": "true"], forService: CentralConfigPollingTests.service)
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await eventually { subject.agent.settings.logSending })
            log.info("while on")
            server.setAgentConfig([:], forService: CentralConfigPollingTests.service)
            #expect(await subject.advance(by: .seconds(1)))
            #expect(await eventually { !subject.agent.settings.logSending })
            log.info("after")
            #expect(await subject.agent.flush(timeout: .seconds(20)).completed)
            #expect(logBodies(server.events).map { $0["message"] as? String } == ["while on"])
            #expect(subject.logged("Central config: log_sending").count == 2)
            await subject.agent.close(timeout: .seconds(2))
        }
    }
}
