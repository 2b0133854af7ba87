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

@testable import ElasticAPM
import Foundation
import Instrumentation
import Testing
import Tracing

@Suite("APMTracer: transactions, spans and exit spans")
struct TracerSpanKindTests {
    @Test("a span without parent becomes a root transaction; children become spans of it")
    func rootAndChildren() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("request", kind: .server)
        let child = tracer.start("work", kind: .internal, context: root.context)
        let grandchild = tracer.start("query", kind: .client, context: child.context)
        #expect(root.isRecording && child.isRecording && grandchild.isRecording)
        grandchild.end()
        child.end()
        root.end()
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        #expect(events.transactions.count == 1)
        #expect(transaction["parent_id"] == nil)
        #expect(transaction["type"] as? String == "unknown")
        #expect(transaction[path: "otel.span_kind"] as? String == "SERVER")
        #expect(transaction["outcome"] as? String == "unknown")
        #expect(transaction["result"] == nil)
        let work = try #require(events.span(named: "work"))
        #expect(work["parent_id"] as? String == transaction["id"] as? String)
        #expect(work["transaction_id"] as? String == transaction["id"] as? String)
        #expect(work["type"] as? String == "app")
        #expect(work["subtype"] as? String == "internal")
        #expect(work[path: "otel.span_kind"] as? String == "INTERNAL")
        let query = try #require(events.span(named: "query"))
        #expect(query["parent_id"] as? String == work["id"] as? String)
        #expect(query["trace_id"] as? String == transaction["trace_id"] as? String)
        #expect(query["type"] as? String == "unknown")
        #expect(query[path: "context.service.target"] == nil, "no destination is invented for an unrecognised exit span")
        #expect(query["stacktrace"] == nil && (query["duration"] as? Double ?? 100) < 5, "\(query)")
    }

    @Test(
        "every kind without a parent becomes a transaction, with a parent a span",
        arguments: [
            SpanKind.server, .client, .producer, .consumer, .internal,
        ])
    func kinds(kind: SpanKind) throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("root", kind: kind)
        tracer.start("child", kind: kind, context: root.context).end()
        root.end()
        let events = test.events()
        #expect(events.transactions.map { $0["name"] as? String } == ["root"])
        #expect(events.spans.map { $0["name"] as? String } == ["child"])
        #expect(events.transactions.first?[path: "otel.span_kind"] as? String == kind.otelName)
    }

    @Test("client and producer spans are exit spans: spans under them are not recorded")
    func exitSpans() {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("root", kind: .server)
        for kind in [SpanKind.client, .producer] {
            let exit = tracer.start("exit", kind: kind, context: root.context)
            let inner = tracer.start("inner", kind: .internal, context: exit.context)
            #expect(!inner.isRecording)
            inner.end()
            exit.end()
        }
        root.end()
        #expect(test.events().spans.map { $0["name"] as? String } == ["exit", "exit"])
    }

    @Test("start and end instants given by the caller set timestamp and duration")
    func instants() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let start = DefaultTracerClock.Timestamp(
            nanosecondsSinceEpoch: DefaultTracerClock.now.nanosecondsSinceEpoch - 2_000_000_000)
        let root = tracer.startSpan("timed", context: .topLevel, ofKind: .server, at: start)
        let child = tracer.startSpan(
            "child", context: root.context, ofKind: .internal,
            at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 500_000_000))
        child.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 1_500_000_000))
        root.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 1_750_000_000))
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        #expect(transaction["timestamp"] as? Int64 == Int64(start.nanosecondsSinceEpoch / 1_000))
        #expect(abs((transaction["duration"] as? Double ?? 0) - 1_750) < 1)
        let span = try #require(events.spans.first)
        #expect(abs((span["duration"] as? Double ?? 0) - 1_000) < 1)
        #expect(span["timestamp"] as? Int64 == Int64(start.nanosecondsSinceEpoch / 1_000) + 500_000)
    }

    @Test("an unsampled transaction records nothing but is reported, propagates and names itself")
    func unsampled() throws {
        let test = TestAgent { $0.transactionSampleRate = 0 }
        let tracer = test.agent.tracer
        let root = tracer.start("GET", kind: .server)
        root.set(["http.request.method": "GET", "http.route": "/users/:id", "http.response.status_code": 200])
        let child = tracer.start("child", context: root.context)
        #expect(!root.isRecording && !child.isRecording)
        var headers: [String: String] = [:]
        tracer.inject(child.context, into: &headers, using: DictionaryInjector())
        #expect(headers["traceparent"]?.hasSuffix("-00") == true)
        child.end()
        root.end()
        let events = test.events()
        #expect(events.spans.isEmpty)
        let transaction = try #require(events.transactions.first)
        #expect(transaction["sampled"] as? Bool == false)
        #expect(transaction["name"] as? String == "GET /users/:id")
        #expect(transaction["type"] as? String == "request")
        #expect(transaction["otel"] == nil)
        #expect(transaction["context"] == nil)
    }

    @Test("a disabled or closed agent hands out spans that record nothing and pass the context on")
    func disabled() {
        let test = TestAgent { $0.enabled = false }
        let tracer = test.agent.tracer
        let incoming = tracer.extracted(["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"])
        let span = tracer.start("x", kind: .server, context: incoming)
        #expect(!span.isRecording)
        var headers: [String: String] = [:]
        tracer.inject(span.context, into: &headers, using: DictionaryInjector())
        #expect(headers["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        span.end()
    }

    @Test("span links to tracer spans and to extracted parents are reported")
    func links() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let other = tracer.start("other", kind: .consumer)
        let root = tracer.start("root", kind: .server)
        root.addLink(Tracing.SpanLink(context: other.context, attributes: [:]))
        let child = tracer.start("child", context: root.context)
        child.addLink(
            Tracing.SpanLink(
                context: tracer.extracted(["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]),
                attributes: [:]))
        child.end()
        root.end()
        other.end()
        let events = test.events()
        let transaction = try #require(events.transactions.first { $0["name"] as? String == "root" })
        let otherEvent = try #require(events.transactions.first { $0["name"] as? String == "other" })
        let links = transaction["links"] as? [[String: Any]]
        #expect(links?.first?["span_id"] as? String == otherEvent["id"] as? String)
        let spanLinks = try #require(events.spans.first)["links"] as? [[String: Any]]
        #expect(spanLinks?.first?["span_id"] as? String == "b7ad6b7169203331")
        #expect(spanLinks?.first?["trace_id"] as? String == "0af7651916cd43dd8448eb211c80319c")
    }
}
