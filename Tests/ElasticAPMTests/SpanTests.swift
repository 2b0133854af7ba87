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
import APMTestSupport
import Testing
@testable import ElasticAPM

@Suite("Spans")
struct SpanTests {
    @Test("nested spans get the right parents; a dotted type splits into type, subtype and action")
    func nesting() {
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { transaction in
            test.agent.captureSpan("outer", type: "app.internal") { outer in
                test.agent.captureSpan("inner", type: "db.mysql.query", leaf: true) { inner in
                    #expect(test.agent.currentSpanID == inner.id.hexString)
                    #expect(inner.parent === outer)
                }
            }
            #expect(test.agent.currentSpanID == nil)
            #expect(transaction.isSampled)
        }
        let events = test.events()
        let transaction = try! #require(events.transactions.first)
        let outer = try! #require(events.span(named: "outer"))
        let inner = try! #require(events.span(named: "inner"))
        #expect(outer["parent_id"] as? String == transaction["id"] as? String)
        #expect(inner["parent_id"] as? String == outer["id"] as? String)
        #expect(inner["transaction_id"] as? String == transaction["id"] as? String)
        #expect(inner["type"] as? String == "db")
        #expect(inner["subtype"] as? String == "mysql")
        #expect(inner["action"] as? String == "query")
        #expect(transaction[path: "span_count.started"] as? Int == 2)
    }

    @Test("span timestamps are on their transaction's clock: inside the transaction, in order")
    func spanTimestampsFollowTheTransaction() throws {
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { transaction in
            for index in 0..<3 { transaction.beginSpan("span \(index)").end() }
        }
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        let start = try #require(transaction["timestamp"] as? Int)
        let end = Double(start) + (try #require(transaction["duration"] as? Double)) * 1000
        var previous = start
        for index in 0..<3 {
            let span = try #require(events.span(named: "span \(index)"))
            let timestamp = try #require(span["timestamp"] as? Int)
            let duration = try #require(span["duration"] as? Double)
            #expect(timestamp >= previous)
            #expect(Double(timestamp) + duration * 1000 <= end + 1)
            previous = timestamp
        }
    }

    @Test("leaf spans suppress children")
    func leafSuppressesChildren() {
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { _ in
            test.agent.captureSpan("exit", type: "external.http", leaf: true) { _ in
                test.agent.captureSpan("hidden") { span in #expect(!span.isRecording) }
            }
        }
        let events = test.events()
        #expect(events.spans.map { $0["name"] as? String } == ["exit"])
    }

    @Test("manual begin/end spans and spans ending after their transaction are reported")
    func manualSpans() {
        let test = TestAgent()
        let transaction = test.agent.beginTransaction(type: "job", name: "manual")
        let span = transaction.beginSpan("step", type: "app")
        let child = span.beginSpan("sub-step")
        child.end()
        span.end()
        let late = transaction.beginSpan("late")
        test.agent.endTransaction()
        late.end()
        let names = Set(test.events().spans.compactMap { $0["name"] as? String })
        #expect(names == ["step", "sub-step", "late"])
    }

    @Test("transaction_max_spans: spans beyond the limit are dropped and counted, exit spans in dropped_spans_stats")
    func maxSpans() {
        let test = TestAgent {
            $0.transactionMaxSpans = 2; $0.spanCompressionEnabled = false
        }
        test.agent.withTransaction("t", type: "request") { _ in
            for index in 0..<5 {
                test.agent.captureSpan("q\(index)", type: "db.postgresql.query", leaf: true) { span in
                    span.setContext(APMSpanContext(db: APMDatabaseContext(instance: "orders")))
                }
            }
        }
        let events = test.events()
        #expect(events.spans.count == 2)
        let transaction = try! #require(events.transactions.first)
        #expect(transaction[path: "span_count.started"] as? Int == 2)
        #expect(transaction[path: "span_count.dropped"] as? Int == 3)
        let stats = try! #require(transaction["dropped_spans_stats"] as? [[String: Any]])
        #expect(stats.count == 1)
        #expect(stats.first?[path: "duration.count"] as? Int == 3)
        #expect(stats.first?["service_target_type"] as? String == "postgresql")
        #expect(stats.first?["service_target_name"] as? String == "orders")
        #expect(stats.first?["outcome"] as? String == "success")
    }

    @Test("span compression: consecutive identical fast exit spans become one exact_match composite")
    func exactMatchCompression() {
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { _ in
            for _ in 0..<4 {
                test.agent.captureSpan("SELECT FROM users", type: "db.postgresql.query", leaf: true) { _ in }
            }
            test.agent.captureSpan("app work") { _ in }
        }
        let events = test.events()
        let composite = try! #require(events.span(named: "SELECT FROM users"))
        #expect(composite[path: "composite.count"] as? Int == 4)
        #expect(composite[path: "composite.compression_strategy"] as? String == "exact_match")
        #expect(events.spans.count == 2)
        #expect(events.transactions.first?[path: "span_count.started"] as? Int == 2)
    }

    @Test("span compression: same_kind merges different names when enabled, named after the target")
    func sameKindCompression() {
        let test = TestAgent { $0.spanCompressionSameKindMaxDuration = .seconds(1) }
        test.agent.withTransaction("t", type: "request") { _ in
            for table in ["a", "b", "c"] {
                test.agent.captureSpan("SELECT FROM \(table)", type: "db.mysql.query", leaf: true) { span in
                    span.setContext(APMSpanContext(db: APMDatabaseContext(instance: "shop")))
                }
            }
        }
        let events = test.events()
        #expect(events.spans.count == 1)
        let composite = try! #require(events.spans.first)
        #expect(composite["name"] as? String == "Calls to mysql/shop")
        #expect(composite[path: "composite.count"] as? Int == 3)
        #expect(composite[path: "composite.compression_strategy"] as? String == "same_kind")
    }

    @Test("a span that propagated context or failed is never compressed")
    func notCompressible() {
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { _ in
            for index in 0..<3 {
                test.agent.captureSpan("GET api", type: "external.http", leaf: true) { span in
                    if index == 1 { _ = span.traceParent }
                    if index == 2 { span.setOutcome(.failure) }
                }
            }
        }
        #expect(test.events().spans.count == 3)
    }

    @Test("exit_span_min_duration drops fast exit spans and counts them")
    func fastExitDrop() {
        let test = TestAgent {
            $0.exitSpanMinDuration = .seconds(10); $0.spanCompressionEnabled = false
        }
        test.agent.withTransaction("t", type: "request") { _ in
            test.agent.captureSpan("fast", type: "db.redis", leaf: true) { _ in }
            test.agent.captureSpan("app", type: "app") { _ in }
        }
        let events = test.events()
        #expect(events.spans.map { $0["name"] as? String } == ["app"])
        #expect(events.transactions.first?[path: "span_count.dropped"] as? Int == 1)
    }

    @Test("a failing span body marks the span failed")
    func failingSpan() {
        struct Failure: Error {}
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { _ in
            _ = try? test.agent.captureSpan("fails") { _ in throw Failure() }
        }
        #expect(test.events().span(named: "fails")?["outcome"] as? String == "failure")
    }

    @Test("span_stack_trace_min_duration=0 attaches a stack trace with this test's frame")
    func spanStackTrace() async {
        let scenario: (TestAgent) -> Void = { test in
            test.agent.withTransaction("t", type: "request") { _ in
                test.agent.captureSpan("with stack") { _ in }
            }
        }
        let configure: (inout APMAgent.Configuration) -> Void = { $0.spanStackTraceMinDuration = .zero }
        #expect(await loadSymbols(configure: configure, for: scenario), "symbol tables loaded")
        let test = TestAgent(configure)
        scenario(test)
        let frames = test.events().span(named: "with stack")?["stacktrace"] as? [[String: Any]] ?? []
        #expect(!frames.isEmpty)
        #expect(frames.allSatisfy { $0["filename"] is String })
        #expect(
            frames.contains { ($0["function"] as? String)?.contains("spanStackTrace") == true },
            "\(frames.map { $0["function"] ?? "" })")
    }

    @Test("outside a transaction spans record nothing")
    func noTransaction() {
        let test = TestAgent()
        let value = test.agent.captureSpan("orphan") { span in span.isRecording ? 1 : 2 }
        #expect(value == 2)
        #expect(test.events().lines.isEmpty)
    }
}

@Suite("Span type registry")
struct SpanTypeRegistryConformanceTests {
    @Test(
        "spans the agent creates by default and by its type split are in span_types.json",
        .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
    func agentSpansAreRegistered() throws {
        let registry = try SpanTypeRegistry(json: try SharedSpecs.json("span_types.json"))
        let test = TestAgent()
        test.agent.withTransaction("t", type: "request") { _ in
            test.agent.captureSpan("default type") { _ in }
            test.agent.captureSpan("internal", type: "app.internal") { _ in }
            for _ in 0..<3 { test.agent.captureSpan("q", type: "db.postgresql.query", leaf: true) { _ in } }
            test.agent.captureSpan("call", type: "external.http", leaf: true) { _ in }
            test.agent.captureSpan("send", type: "messaging.kafka.send", leaf: true) { _ in }
        }
        let spans = test.events().spans
        #expect(spans.count == 5)
        for span in spans {
            let type = try #require(span["type"] as? String)
            let subtype = span["subtype"] as? String
            #expect(registry.isAllowed(type: type, subtype: subtype), "\(type)/\(subtype ?? "nil") not in span_types.json")
        }
    }
}
