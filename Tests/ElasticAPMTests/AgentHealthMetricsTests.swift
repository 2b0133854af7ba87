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
import Foundation
import Logging
import Testing
@testable import ElasticAPM

/// Agent-health metrics: counter deltas from the persisted counters, and the hand-off fill.
@Suite("Agent health metrics")
struct AgentHealthMetricsTests {
    private static let time = Timestamp(wallMicros: 1_700_000_000_000_000, monotonicNanos: 1)

    private func tags(_ metricset: MetricsetEvent) -> [String] { metricset.tags.map { "\($0.0)=\($0.1)" } }

    private func temporaryQueuePath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appending(path: "queue.sqlite").path
    }

    @Test("counter deltas since the previous report, by event type, drop reason and request outcome; zeros are not sent")
    func counterDeltas() throws {
        let store = InMemoryQueueWriter()
        try store.addCounters(["captured.span": 5, "captured.transaction": 2, "dropped.queue": 1])
        let source = AgentHealthMetricSource(reader: HealthCounterReader(.memory(store)), fillRange: { (0, 0.5) })
        source.prime(at: Self.time)
        try store.addCounters([
            "captured.span": 3, "dropped.queue": 2, "dropped.disk_full": 4, "requests.success": 4,
            "request_bytes.success": 1000, "requests.failure": 1, "sender.other": 9,
        ])
        var metricsets: [MetricsetEvent] = []
        source.collect(at: Self.time, into: &metricsets)
        let summary = metricsets.map { (tags($0), $0.samples.map { "\($0.name)=\($0.value)" }) }
        #expect(
            summary.map(\.0) == [
                ["event_type=string(\"span\")"], ["reason=string(\"disk_full\")"], ["reason=string(\"queue\")"],
                ["success=bool(false)"], ["success=bool(true)"], ["queue_name=string(\"generic\")"],
            ])
        #expect(metricsets[0].value("agent.events.total") == 3)
        #expect(metricsets[1].value("agent.events.dropped") == 4)
        #expect(metricsets[2].value("agent.events.dropped") == 2)
        #expect(metricsets[3].samples.map(\.name) == ["agent.events.requests.count"])
        #expect(metricsets[3].value("agent.events.requests.count") == 1)
        #expect(metricsets[4].value("agent.events.requests.bytes") == 1000)
        #expect(metricsets[4].value("agent.events.requests.count") == 4)
        #expect(metricsets[5].value("agent.events.queue.min_size.pct") == 0)
        #expect(metricsets[5].value("agent.events.queue.max_size.pct") == 0.5)

        metricsets = []
        source.collect(at: Self.time, into: &metricsets)
        #expect(metricsets.count == 1, "only the queue fill: no counter moved")
    }

    @Test("the queue file's counters are read through the metrics thread's own connection, once the file exists")
    func queueFileCounters() throws {
        let path = try temporaryQueuePath()
        let reader = HealthCounterReader(.queueFile(path))
        #expect(reader.read() == nil)
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        try queue.addCounters(["captured.error": 2, "requests.success": 1])
        #expect(reader.read() == ["captured.error": 2, "requests.success": 1])
        try queue.addCounters(["captured.error": 1])
        #expect(reader.read()?["captured.error"] == 3)
    }

    @Test("hand-off fill: highest and lowest share of queue_memory_limit since the last report, 1 after a drop")
    func queueFill() {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // No writer thread: submitted events stay buffered.
        let pipeline = EventPipeline(memoryLimit: 10_000, commitInterval: .milliseconds(1), logger: logger)
        let event = CapturedEvent.metricset(MetricsetEvent(timestamp: 0, samples: [MetricSample("x", 1)]))
        let size = event.approximateSize
        #expect(pipeline.takeFillRange() == (0, 0))
        pipeline.submit(event)
        pipeline.submit(event)
        let filled = Double(2 * size) / 10_000
        #expect(pipeline.takeFillRange() == (0, filled))
        #expect(pipeline.takeFillRange() == (filled, filled))
        while pipeline.submit(event) {}
        #expect(pipeline.takeFillRange().high == 1)
    }

    @Test("through the agent: events captured while it runs are reported once, as deltas, on close")
    func agentInMemory() {
        let test = TestAgent { $0.metricsInterval = .seconds(3600) }
        test.agent.withTransaction("t", type: "job") { _ in
            test.agent.captureSpan("a") { _ in }
            test.agent.captureSpan("b") { _ in }
        }
        test.agent.closeBlocking(timeout: .seconds(30))
        let events = CapturedEvents(lines: test.store.events.map(\.line))
        #expect(events.sampleValue("agent.events.total") { $0[path: "tags.event_type"] as? String == "span" } == 2)
        #expect(events.sampleValue("agent.events.total") { $0[path: "tags.event_type"] as? String == "transaction" } == 1)
        #expect(events.sampleValue("agent.events.queue.max_size.pct").map { $0 > 0 && $0 < 1 } == true)
        #expect(events.sampleValue("agent.events.dropped") == nil)
    }

    @Test("with a queue file from an earlier run, only this run's events are reported")
    func agentQueueFile() throws {
        let path = try temporaryQueuePath()
        let earlier = try EventQueue(path: path)
        try earlier.addCounters(["captured.span": 100, "dropped.queue": 7])
        earlier.close()
        var configuration = APMAgent.Configuration(serviceName: "health-test")
        configuration.queuePath = path
        configuration.serverURL = "http://127.0.0.1:9"  // nothing listens: events stay in the file
        configuration.logLevel = .critical
        configuration.metricsInterval = .seconds(3600)
        let agent = APMAgent(configuration: configuration, environment: [:])
        agent.withTransaction("t", type: "job") { _ in agent.captureSpan("a") { _ in } }
        agent.closeBlocking(timeout: .seconds(30))

        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let lines = try queue.listEvents(limit: 1000, kind: "metricset", includeBodies: true).map(\.event.body)
        let events = CapturedEvents(lines: lines)
        #expect(events.sampleValue("agent.events.total") { $0[path: "tags.event_type"] as? String == "span" } == 1)
        #expect(events.sampleValue("agent.events.dropped") == nil)
    }
}
