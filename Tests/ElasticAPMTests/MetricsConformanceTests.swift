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

import CoreMetrics
import Foundation
import Testing
@testable import ElasticAPM

/// Every kind of metricset the agent sends, judged by `../shared/tools/intake-oracle --validate`
/// (the official intake v2 `metricset` schema).
@Suite("Metricset schema conformance")
struct MetricsConformanceTests {
    @Test(
        "system, cgroup, breakdown, swift-metrics (with histograms) and agent-health metricsets validate",
        .enabled(
            if: IntakeOracle.isAvailable,
            "../shared/tools/intake-oracle or python3 with jsonschema not found: schema check skipped"))
    func oracleValidates() throws {
        let test = TestAgent { $0.metricsInterval = .seconds(3600) }
        let factory = test.agent.metricsFactory
        Counter(label: "orders", dimensions: [("shop", "eu"), ("with.dot", "x")], factory: factory).increment(by: 2)
        FloatingPointCounter(label: "revenue", dimensions: [("shop", "eu"), ("with.dot", "x")], factory: factory).increment(
            by: 9.99)
        Gauge(label: "queue.depth", factory: factory).record(12)
        Meter(label: "pool \"size\"*", factory: factory).set(-3.5)
        let recorder = Recorder(label: "payload.bytes", dimensions: [("kind", "json")], factory: factory)
        for value in [0.0, 0.001, 7, 300_000] { recorder.record(value) }
        CoreMetrics.Timer(label: "db.query", factory: factory).recordMilliseconds(42)
        test.agent.withTransaction("GET /orders", type: "request") { _ in
            test.agent.captureSpan("SELECT", type: "db.postgresql.query", leaf: true) { _ in }
            test.agent.captureSpan("render", type: "template") { _ in test.agent.captureSpan("partial") { _ in } }
        }
        test.agent.closeBlocking(timeout: .seconds(30))

        // Fixture-based system metricsets: CPU percentages after two collections, and a v1 cgroup limit.
        let fixture = try ProcFixture()
        try fixture.writeStat(user: 100, system: 100, idle: 800)
        try fixture.writeProcessStat(utime: 10, stime: 10, vsize: 4096, rssPages: 1)
        try fixture.writeMemInfo(totalKB: 1000, availableKB: 500)
        try fixture.write("/proc/self/cgroup", "5:memory:/\n")
        try fixture.write("/sys/fs/cgroup/memory/memory.limit_in_bytes", "1073741824\n")
        try fixture.write("/sys/fs/cgroup/memory/memory.usage_in_bytes", "1048576\n")
        let collector = SystemMetricsCollector(root: fixture.root, clockTicksPerSecond: 100, pageSize: 4096)
        collector.prime(at: Timestamp(wallMicros: 1_700_000_000_000_000, monotonicNanos: 1_000_000_000))
        try fixture.writeStat(user: 200, system: 150, idle: 1600)
        try fixture.writeProcessStat(utime: 30, stime: 20, vsize: 4096, rssPages: 1)
        var system: [MetricsetEvent] = []
        collector.collect(at: Timestamp(wallMicros: 1_700_000_002_000_000, monotonicNanos: 3_000_000_000), into: &system)
        #expect(system.first?.samples.count == 10)
        var encoder = IntakeEncoder()
        let systemLines = system.map { String(decoding: encoder.encode(.metricset($0)), as: UTF8.self) + "\n" }

        let events = CapturedEvents(lines: test.store.events.map(\.line))
        #expect(
            events.sampleNames.isSuperset(of: [
                "orders", "revenue", "queue.depth", "pool _size__", "payload.bytes", "db.query", "span.self_time.count",
                "agent.events.total", "agent.events.queue.min_size.pct", "system.memory.total",
            ]))
        let file = FileManager.default.temporaryDirectory.appending(path: "apm-metrics-conformance-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data((test.store.ndjson + systemLines.joined()).utf8).write(to: file)
        let result = try IntakeOracle.validate(file)
        #expect(result.exitStatus == 0, "oracle output: \(result.output)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(stats["invalid_events"] as? Int == 0, "\(stats["invalid_examples"] ?? "")")
        let counts = stats["events"] as? [String: Int] ?? [:]
        #expect(counts["metricset"] == events.metricsets.count + system.count)
    }
}
