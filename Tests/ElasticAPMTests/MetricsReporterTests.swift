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
import CoreMetrics
import Foundation
import Testing
@testable import ElasticAPM

/// The metrics thread as the agent runs it: configuration, the last collection on close,
/// `disable_metrics`, periodic reporting and the metricset encoding.
@Suite("Metrics thread")
struct MetricsReporterTests {
    @Test("metrics_interval, breakdown_metrics and disable_metrics: defaults, environment and invalid values")
    func configuration() {
        let defaults = AgentSettings()
        #expect(defaults.metricsInterval == .seconds(30))
        #expect(defaults.breakdownMetrics)
        #expect(defaults.disableMetrics.isEmpty)

        var warnings: [String] = []
        let resolved = ConfigurationResolver(
            code: APMAgent.Configuration(serviceName: "x"),
            environment: [
                "ELASTIC_APM_METRICS_INTERVAL": "10", "ELASTIC_APM_BREAKDOWN_METRICS": "false",
                "ELASTIC_APM_DISABLE_METRICS": "system.process.*, *.pct",
            ]
        ).resolve(warn: { warnings.append($0) }).settings
        #expect(resolved.metricsInterval == .seconds(10))
        #expect(!resolved.breakdownMetrics)
        #expect(resolved.disableMetrics.matches("system.process.memory.size"))
        #expect(resolved.disableMetrics.matches("agent.events.queue.max_size.pct"))
        #expect(!resolved.disableMetrics.matches("system.memory.total"))
        #expect(warnings.isEmpty)

        var code = APMAgent.Configuration(serviceName: "x")
        code.metricsInterval = .seconds(5)
        let invalid = ConfigurationResolver(code: code, environment: ["ELASTIC_APM_METRICS_INTERVAL": "-1s"])
            .resolve(warn: { warnings.append($0) }).settings
        #expect(invalid.metricsInterval == .seconds(5))
        #expect(warnings.count == 1)
        let off = ConfigurationResolver(code: code, environment: ["ELASTIC_APM_METRICS_INTERVAL": "0ms"])
            .resolve(warn: { _ in }).settings
        #expect(off.metricsInterval == .zero)
    }

    @Test("metrics_interval=0: no metrics thread, no breakdown bookkeeping, nothing reported")
    func disabled() {
        let test = TestAgent { $0.metricsInterval = .zero }
        #expect(test.agent.metrics.reporter == nil)
        #expect(test.agent.core?.breakdown == nil)
        Counter(label: "ignored", factory: test.agent.metricsFactory).increment()
        test.agent.withTransaction("t", type: "job") { _ in test.agent.captureSpan("s") { _ in } }
        test.agent.closeBlocking(timeout: .seconds(30))
        #expect(!test.store.events.contains { $0.kind == "metricset" })
        #expect(test.store.events.count == 2)
    }

    @Test("close collects one last time: system, swift-metrics, breakdown and health metricsets")
    func lastCollectionOnClose() {
        let test = TestAgent { $0.metricsInterval = .seconds(3600) }
        Counter(label: "orders", dimensions: [("shop", "eu")], factory: test.agent.metricsFactory).increment(by: 3)
        test.agent.withTransaction("checkout", type: "request") { _ in test.agent.captureSpan("q", type: "db.sqlite") { _ in } }
        test.agent.closeBlocking(timeout: .seconds(30))
        let events = CapturedEvents(lines: test.store.events.map(\.line))
        #expect(
            events.sampleNames.isSuperset(of: [
                "system.memory.total", "system.process.memory.rss.bytes", "orders", "span.self_time.count",
                "span.self_time.sum.us", "agent.events.queue.max_size.pct",
            ]))
        #expect(events.sampleValue("orders") { $0[path: "tags.shop"] as? String == "eu" } == 3)
        #expect(events.breakdown(transaction: "checkout", spanType: "db", subtype: "sqlite")?.count == 1)
        #expect(events.metricsets.allSatisfy { ($0["timestamp"] as? Int ?? 0) > 1_600_000_000_000_000 })
    }

    @Test("disable_metrics removes matching samples and metricsets left empty")
    func disableMetrics() {
        let test = TestAgent {
            $0.metricsInterval = .seconds(3600)
            $0.disableMetrics = ["system.*", "span.self_time.count", "AGENT.EVENTS.*"]
        }
        test.agent.withTransaction("t", type: "job") { _ in test.agent.captureSpan("s") { _ in } }
        test.agent.closeBlocking(timeout: .seconds(30))
        let events = CapturedEvents(lines: test.store.events.map(\.line))
        #expect(events.sampleNames == ["span.self_time.sum.us"])
        #expect(events.metricsets.count == 2)
    }

    @Test("recording=false: metrics are collected but not sent")
    func notRecording() {
        let test = TestAgent {
            $0.metricsInterval = .seconds(3600)
            $0.recording = false
        }
        Counter(label: "orders", factory: test.agent.metricsFactory).increment()
        test.agent.closeBlocking(timeout: .seconds(30))
        #expect(test.store.events.isEmpty)
    }

    @Test("the metrics thread reports once per interval of its clock, stamped with that clock")
    func periodic() async {
        let clock = ManualClock()
        let test = TestAgent(clock: clock) { $0.metricsInterval = .seconds(30) }
        let counter = Counter(label: "ticks", factory: test.agent.metricsFactory)
        var stamps: [Int] = []
        for round in 1...2 {
            counter.increment()
            #expect(await clock.waitForSleeper(after: .seconds(29)))
            clock.advance(by: .seconds(29))
            #expect(await clock.waitForSleeper(after: .milliseconds(500)))
            clock.advance(by: .seconds(1))
            #expect(await clock.waitForSleeper(after: .seconds(29)))
            #expect(test.agent.waitUntilQueued(timeout: .seconds(60)))
            stamps = CapturedEvents(lines: test.store.events.map(\.line)).metricsets
                .filter { CapturedEvents.sample("ticks", in: $0) != nil }
                .compactMap { $0["timestamp"] as? Int }
            #expect(stamps.count == round)
        }
        let start = 1_700_000_000_000_000
        #expect(stamps == [start + 30_000_000, start + 60_000_000])
        await test.agent.close(timeout: .seconds(30))
    }

    @Test("a metricset is encoded with tags, transaction, span and histogram samples")
    func encoding() {
        var encoder = IntakeEncoder()
        let line = encoder.encode(
            .metricset(
                MetricsetEvent(
                    timestamp: 1_700_000_000_000_001, tags: [("route", .string("/a")), ("ok", .bool(true))],
                    transaction: .init(name: "GET /a", type: "request"), span: .init(type: "db", subtype: nil),
                    samples: [
                        MetricSample("span.self_time.sum.us", 1500.5),
                        MetricSample("latency", histogram: [0.5, 3], counts: [2, 1], unit: "ms"),
                    ])))
        #expect(
            String(decoding: line, as: UTF8.self) == """
                {"metricset":{"timestamp":1700000000000001,"tags":{"route":"/a","ok":true},\
                "transaction":{"name":"GET /a","type":"request"},"span":{"type":"db"},\
                "samples":{"span.self_time.sum.us":{"value":1500.5},\
                "latency":{"values":[0.5,3],"counts":[2,1],"type":"histogram","unit":"ms"}}}}
                """)
    }
}
