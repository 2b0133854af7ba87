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

import Foundation
import Testing
@testable import ElasticAPM

/// Breakdown metrics: span self times per transaction and span kind, with injected timestamps so
/// every figure is exact.
@Suite("Breakdown metrics")
struct BreakdownMetricsTests {
    /// A transaction whose spans start and end at chosen offsets (milliseconds) from its start.
    /// (Made with `makeTransaction`, so it never becomes the thread's current transaction.)
    struct Timeline {
        let transaction: APMTransaction

        init(transaction: APMTransaction) {
            self.transaction = transaction
        }

        init(_ agent: APMAgent, _ name: String, type: String) {
            self.init(transaction: agent.makeTransaction(name: name, type: type, traceParent: nil, links: []))
        }

        func nanos(_ milliseconds: UInt64) -> UInt64 { transaction.start.monotonicNanos + milliseconds * 1_000_000 }

        func begin(
            _ name: String, type: String, subtype: String? = nil, parent: APMSpan? = nil, leaf: Bool = false,
            at milliseconds: UInt64
        ) -> APMSpan {
            let start = Timestamp(
                wallMicros: transaction.start.wallMicros + Int64(milliseconds) * 1000,
                monotonicNanos: nanos(milliseconds))
            return APMSpan.start(
                name: name, type: type, subtype: subtype, action: nil, labels: [:], leaf: leaf, links: [],
                transaction: transaction, parent: parent, at: start)
        }

        func end(_ span: APMSpan, at milliseconds: UInt64) { span.end(at: nanos(milliseconds)) }

        func end(at milliseconds: UInt64) { transaction.end(name: nil, result: nil, at: nanos(milliseconds)) }
    }

    private func agent(_ configure: (inout APMAgent.Configuration) -> Void = { _ in }) -> TestAgent {
        TestAgent {
            $0.metricsInterval = .seconds(3600)
            configure(&$0)
        }
    }

    /// Closes the agent (the metrics thread reports the last interval) and decodes what it stored.
    private func closeAndRead(_ test: TestAgent) -> CapturedEvents {
        test.agent.closeBlocking(timeout: .seconds(30))
        return CapturedEvents(lines: test.store.events.map(\.line))
    }

    @Test("overlapping children: the parent loses the union of their intervals, each child its own duration")
    func overlapping() {
        let test = agent()
        let timeline = Timeline(test.agent, "GET /a", type: "request")
        let first = timeline.begin("q1", type: "db", subtype: "postgresql", at: 10)
        let second = timeline.begin("q2", type: "db", subtype: "postgresql", at: 30)
        timeline.end(first, at: 50)
        timeline.end(second, at: 70)
        timeline.end(at: 100)
        let events = closeAndRead(test)
        // Children run over [10, 70]: 60 ms of the transaction's 100 ms.
        #expect(events.breakdown(transaction: "GET /a", spanType: "app")! == (1, 40_000))
        #expect(events.breakdown(transaction: "GET /a", spanType: "db", subtype: "postgresql")! == (2, 80_000))
    }

    @Test("nested spans: each level subtracts only its direct children")
    func nested() {
        let test = agent()
        let timeline = Timeline(test.agent, "GET /b", type: "request")
        let render = timeline.begin("render", type: "template", at: 10)
        let query = timeline.begin("query", type: "db", subtype: "mysql", parent: render, at: 20)
        let cache = timeline.begin("cache", type: "db", subtype: "redis", parent: query, at: 25)
        timeline.end(cache, at: 30)
        timeline.end(query, at: 40)
        timeline.end(render, at: 60)
        let call = timeline.begin("call", type: "external", subtype: "http", at: 70)
        timeline.end(call, at: 90)
        timeline.end(at: 100)
        let events = closeAndRead(test)
        #expect(events.breakdown(transaction: "GET /b", spanType: "app")! == (1, 30_000))
        #expect(events.breakdown(transaction: "GET /b", spanType: "template")! == (1, 30_000))
        #expect(events.breakdown(transaction: "GET /b", spanType: "db", subtype: "mysql")! == (1, 15_000))
        #expect(events.breakdown(transaction: "GET /b", spanType: "db", subtype: "redis")! == (1, 5_000))
        #expect(events.breakdown(transaction: "GET /b", spanType: "external", subtype: "http")! == (1, 20_000))
    }

    @Test("a child still running when its parent ends counts against the parent only until that end")
    func childOutlivesParent() {
        let test = agent()
        let timeline = Timeline(test.agent, "batch", type: "job")
        let parent = timeline.begin("parent", type: "custom", at: 10)
        let child = timeline.begin("child", type: "db", subtype: "sqlite", parent: parent, at: 50)
        timeline.end(parent, at: 60)
        timeline.end(child, at: 80)
        timeline.end(at: 100)
        let events = closeAndRead(test)
        #expect(events.breakdown(transaction: "batch", spanType: "custom")! == (1, 40_000))
        #expect(events.breakdown(transaction: "batch", spanType: "db", subtype: "sqlite")! == (1, 30_000))
        #expect(events.breakdown(transaction: "batch", spanType: "app")! == (1, 50_000))
    }

    @Test("a span ending after its transaction still counts; the transaction's self time stops at its end")
    func spanEndsAfterTransaction() {
        let test = agent()
        let timeline = Timeline(test.agent, "GET /late", type: "request")
        let span = timeline.begin("background", type: "queue", subtype: "kafka", at: 10)
        timeline.end(at: 50)
        timeline.end(span, at: 80)
        let events = closeAndRead(test)
        #expect(events.breakdown(transaction: "GET /late", spanType: "app")! == (1, 10_000))
        #expect(events.breakdown(transaction: "GET /late", spanType: "queue", subtype: "kafka")! == (1, 70_000))
    }

    @Test("a compressed composite counts each original span")
    func compressed() {
        let test = agent()
        let timeline = Timeline(test.agent, "GET /c", type: "request")
        for (start, end) in [(10, 12), (20, 23), (30, 34)] as [(UInt64, UInt64)] {
            timeline.end(timeline.begin("GET", type: "db", subtype: "redis", leaf: true, at: start), at: end)
        }
        timeline.end(at: 100)
        let events = closeAndRead(test)
        #expect(events.spans.count == 1)
        #expect(events.spans.first?[path: "composite.count"] as? Int == 3)
        #expect(events.breakdown(transaction: "GET /c", spanType: "db", subtype: "redis")! == (3, 9_000))
        #expect(events.breakdown(transaction: "GET /c", spanType: "app")! == (1, 91_000))
    }

    @Test("spans dropped by transaction_max_spans or exit_span_min_duration still count")
    func droppedSpans() {
        let test = agent {
            $0.transactionMaxSpans = 1
            $0.spanCompressionEnabled = false
            $0.exitSpanMinDuration = .milliseconds(5)
        }
        let timeline = Timeline(test.agent, "GET /d", type: "request")
        timeline.end(timeline.begin("fast exit", type: "db", subtype: "redis", leaf: true, at: 5), at: 6)
        timeline.end(timeline.begin("kept", type: "db", subtype: "redis", leaf: true, at: 10), at: 20)
        timeline.end(timeline.begin("over budget", type: "db", subtype: "redis", leaf: true, at: 30), at: 40)
        timeline.end(at: 50)
        let events = closeAndRead(test)
        #expect(events.spans.count == 1)
        #expect(events.transactions.first?[path: "span_count.dropped"] as? Int == 2)
        #expect(events.breakdown(transaction: "GET /d", spanType: "db", subtype: "redis")! == (3, 21_000))
        #expect(events.breakdown(transaction: "GET /d", spanType: "app")! == (1, 29_000))
    }

    @Test("transactions of the same name and type add up in one metricset per span kind")
    func aggregation() {
        let test = agent()
        for _ in 0..<3 {
            let timeline = Timeline(test.agent, "GET /e", type: "request")
            timeline.end(timeline.begin("q", type: "db", subtype: "postgresql", at: 0), at: 4)
            timeline.end(at: 10)
        }
        let events = closeAndRead(test)
        #expect(events.breakdown(transaction: "GET /e", spanType: "db", subtype: "postgresql")! == (3, 12_000))
        #expect(events.breakdown(transaction: "GET /e", spanType: "app")! == (3, 18_000))
    }

    @Test("unsampled transactions, breakdown_metrics=false and ignored URLs report no breakdown")
    func notCounted() {
        for configure in [
            { (c: inout APMAgent.Configuration) in c.transactionSampleRate = 0 },
            { (c: inout APMAgent.Configuration) in c.breakdownMetrics = false },
            { (c: inout APMAgent.Configuration) in c.transactionIgnoreURLs = ["/health"] },
        ] {
            let test = agent(configure)
            let transaction = test.agent.makeTransaction(name: "GET /health", type: "request", traceParent: nil, links: [])
            transaction.setRequest(
                APMRequestContext(method: "GET", url: APMURLParts(full: "http://x/health", pathname: "/health")))
            let timeline = Timeline(transaction: transaction)
            timeline.end(timeline.begin("q", type: "db", at: 1), at: 2)
            timeline.end(at: 10)
            let events = closeAndRead(test)
            #expect(!events.metricsets.contains { $0["span"] != nil || $0["transaction"] != nil })
        }
    }

    @Test("the accumulator keeps at most maxKeys keys per interval; known keys keep adding up; draining starts afresh")
    func accumulatorLimit() {
        let accumulator = BreakdownAccumulator()
        var table = SelfTimeTable()
        table.add(type: "db", subtype: nil, nanos: 1000)
        for index in 0..<BreakdownAccumulator.maxKeys {
            accumulator.record(transactionName: "t\(index)", transactionType: "request", table)
        }
        var twoKinds = table
        twoKinds.add(type: "app", subtype: nil, nanos: 500)
        accumulator.record(transactionName: "t0", transactionType: "request", twoKinds)
        accumulator.record(transactionName: "one too many", transactionType: "request", table)
        let totals = accumulator.drain()
        #expect(totals.count == BreakdownAccumulator.maxKeys)
        #expect(totals[.init(transactionName: "t0", transactionType: "request", spanType: "db")] == .init(count: 2, nanos: 2000))
        #expect(totals[.init(transactionName: "t0", transactionType: "request", spanType: "app")] == nil)
        #expect(accumulator.drain().isEmpty)
        accumulator.record(transactionName: "one too many", transactionType: "request", twoKinds)
        #expect(accumulator.drain().count == 2)
    }

    @Test("span self times and child time bookkeeping: ChildTimer unions overlapping intervals")
    func childTimer() {
        var timer = ChildTimer()
        timer.childStarted(at: 10)
        timer.childStarted(at: 20)
        timer.childEnded(at: 30)
        timer.childEnded(at: 40)
        timer.childStarted(at: 50)
        timer.childEnded(at: 55)
        timer.childStarted(at: 90)
        #expect(timer.finish(at: 100) == 30 + 5 + 10)
        timer.childEnded(at: 120)
        #expect(timer.finish(at: 130) == 45)
    }
}
