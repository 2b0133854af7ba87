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

@Suite("APMTracer: Elastic and tracer contexts interoperate")
struct TracerInteropTests {
    @Test("inside a tracer transaction the agent's APIs see it and its spans as current")
    func agentAPIsSeeTracerSpans() async throws {
        let test = TestAgent()
        let agent = test.agent
        let tracer = agent.tracer
        let root = tracer.start("GET /orders", kind: .server)
        root.attributes["http.request.method"] = "GET"
        try await ServiceContext.withValue(root.context) {
            #expect(agent.currentTransactionID == root.transaction.id.hexString)
            #expect(agent.currentTraceID == root.transaction.traceID.hexString)
            #expect(agent.currentSpanID == nil)
            #expect(root.transaction.type == "request", "read while it runs: mapped from the attributes set so far")
            agent.label(["tenant": "acme"])
            agent.setTransactionName("orders list")
            try await agent.captureSpan("load", type: "db.postgresql.query") { span in
                #expect(agent.currentSpanID == span.id.hexString)
                try await Task.sleep(for: .milliseconds(1))
            }
            tracer.withSpan("render", context: ServiceContext.current ?? .topLevel) { span in
                #expect(agent.currentSpanID == span.span?.id.hexString)
                #expect(
                    agent.currentTraceParentHeader
                        == "00-\(root.transaction.traceID.hexString)-\(span.span?.id.hexString ?? "")-01")
                agent.captureError(CheckoutError.declined)
            }
        }
        root.end()
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        #expect(transaction["name"] as? String == "orders list", "a name the user set wins over the bridged one")
        #expect(transaction[path: "context.tags.tenant"] as? String == "acme")
        #expect(events.span(named: "load")?["parent_id"] as? String == transaction["id"] as? String)
        let render = try #require(events.span(named: "render"))
        #expect(render["parent_id"] as? String == transaction["id"] as? String)
        #expect(events.errors.first?["parent_id"] as? String == render["id"] as? String)
        #expect(events.errors.first?[path: "transaction.type"] as? String == "request")
        #expect(events.errors.first?[path: "transaction.name"] as? String == "orders list")
        #expect(events.errors.first?[path: "context.request.method"] as? String == "GET")
        #expect(
            render["outcome"] as? String == "unknown", "an error captured through the agent does not change the bridged outcome")
    }

    @Test("inside withTransaction and captureSpan, library spans become children of the agent's span")
    func tracerSpansUnderAgentSpans() throws {
        let test = TestAgent()
        let agent = test.agent
        let tracer = agent.tracer
        agent.withTransaction("checkout", type: "request") { transaction in
            tracer.startSpan("direct", context: ServiceContext.current ?? .topLevel, ofKind: .internal).end()
            agent.captureSpan("outer") { outer in
                tracer.withSpan("library", ofKind: .client) { library in
                    #expect(library.span?.parent === outer)
                    var headers: [String: String] = [:]
                    tracer.inject(ServiceContext.current ?? .topLevel, into: &headers, using: DictionaryInjector())
                    #expect(headers["traceparent"]?.contains(library.span?.id.hexString ?? "-") == true)
                }
                // An agent span inside a library span inside an agent span.
                tracer.withSpan("wrapper", ofKind: .internal) { wrapper in
                    agent.captureSpan("inner") { inner in
                        #expect(inner.parent === wrapper.span)
                    }
                }
            }
            #expect(transaction.isSampled)
        }
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        let outer = try #require(events.span(named: "outer"))
        #expect(events.span(named: "direct")?["parent_id"] as? String == transaction["id"] as? String)
        #expect(events.span(named: "library")?["parent_id"] as? String == outer["id"] as? String)
        #expect(events.span(named: "inner")?["parent_id"] as? String == events.span(named: "wrapper")?["id"] as? String)
    }

    @Test("a transaction begun on the thread is the parent of tracer spans started there")
    func threadTransaction() throws {
        let test = TestAgent()
        let transaction = test.agent.beginTransaction(type: "job", name: "script")
        test.agent.tracer.start("step").end()
        test.agent.endTransaction()
        let span = try #require(test.events().spans.first)
        #expect(span["parent_id"] as? String == transaction.id.hexString)
        // Ended or foreign transactions left on the thread are ignored.
        let other = TestAgent()
        test.agent.beginTransaction(type: "job", name: "left behind").end()
        other.agent.tracer.start("root", kind: .internal).end()
        test.agent.endTransaction()
        #expect(other.events().transactions.map { $0["name"] as? String } == ["root"])
    }
}
