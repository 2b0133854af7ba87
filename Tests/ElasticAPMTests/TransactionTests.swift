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

@Suite("Transactions")
struct TransactionTests {
    @Test("begin/end on the calling thread records name, result, timing and ids")
    func beginEnd() {
        let test = TestAgent()
        let transaction = test.agent.beginTransaction(type: "job")
        #expect(test.agent.currentTransactionID == transaction.id.hexString)
        #expect(test.agent.currentTraceID == transaction.traceID.hexString)
        test.agent.endTransaction(name: "nightly import", result: "success")
        #expect(test.agent.currentTransactionID == nil)
        let events = test.events()
        let recorded = try! #require(events.transactions.first)
        #expect(recorded["name"] as? String == "nightly import")
        #expect(recorded["type"] as? String == "job")
        #expect(recorded["result"] as? String == "success")
        #expect(recorded["outcome"] as? String == "success")
        #expect(recorded["id"] as? String == transaction.id.hexString)
        #expect((recorded["id"] as? String)?.count == 16)
        #expect((recorded["trace_id"] as? String)?.count == 32)
        #expect(recorded["parent_id"] == nil)
        #expect(recorded["sampled"] as? Bool == true)
        #expect(recorded["sample_rate"] as? Double == 1)
        #expect((recorded["duration"] as? Double ?? -1) >= 0)
        let timestamp = recorded["timestamp"] as? Int64 ?? 0
        #expect(abs(timestamp - Int64(Date().timeIntervalSince1970 * 1_000_000)) < 60_000_000)
    }

    @Test("withTransaction binds the transaction across await and child tasks")
    func taskLocalBinding() async {
        let test = TestAgent()
        let agent = test.agent
        let (outer, inner): (String?, String?) = await agent.withTransaction("GET /users", type: "request") { transaction in
            let outer = agent.currentTransactionID
            let inner = await Task { agent.currentTransactionID }.value
            async let child: Void = agent.captureSpan("child task span") { _ in await Task.yield() }
            await child
            #expect(outer == transaction.id.hexString)
            return (outer, inner)
        }
        #expect(outer != nil)
        #expect(inner == outer)
        #expect(agent.currentTransactionID == nil)
        let events = test.events()
        let span = try! #require(events.span(named: "child task span"))
        #expect(span["transaction_id"] as? String == outer)
        #expect(span["sync"] as? Bool == false)
    }

    @Test("a thrown error is captured as unhandled, fails the transaction, and is rethrown")
    func thrownError() {
        struct Boom: Error {}
        let test = TestAgent()
        #expect(throws: Boom.self) {
            try test.agent.withTransaction("work", type: "job") { _ in throw Boom() }
        }
        let events = test.events()
        let transaction = try! #require(events.transactions.first)
        #expect(transaction["outcome"] as? String == "failure")
        let error = try! #require(events.errors.first)
        #expect(error["transaction_id"] as? String == transaction["id"] as? String)
        #expect(error[path: "exception.handled"] as? Bool == false)
        #expect(error[path: "exception.type"] as? String == "TransactionTests.Boom")
    }

    @Test("outcome: user beats instrumentation; HTTP status maps as a server would")
    func outcomes() {
        let test = TestAgent()
        test.agent.withTransaction("a", type: "request") { transaction in
            transaction.setResponse(APMResponseContext(statusCode: 503))
        }
        test.agent.withTransaction("b", type: "request") { transaction in
            transaction.setResponse(APMResponseContext(statusCode: 404))
        }
        test.agent.withTransaction("c", type: "request") { transaction in
            transaction.setResponse(APMResponseContext(statusCode: 500))
            transaction.setOutcome(.unknown)
        }
        let outcomes = Dictionary(
            uniqueKeysWithValues: test.events().transactions.map {
                ($0["name"] as! String, $0["outcome"] as! String)
            })
        #expect(outcomes == ["a": "failure", "b": "success", "c": "unknown"])
    }

    @Test("labels, custom and user context reach the transaction; keys are sanitised")
    func context() {
        let test = TestAgent()
        test.agent.withTransaction("ctx", type: "request") { _ in
            test.agent.label(["a.b": "x", "count": 3, "ok": true, "ratio": 0.5, "amount": APMLabelValue(12.25)])
            test.agent.setCustomContext(["nested": ["k*ey": "v", "list": [1, 2]]])
            test.agent.setUserContext(username: "ada", email: "ada@example.com", id: "42")
            test.agent.setTransactionName("renamed")
            test.agent.setTransactionName("ignored", override: false)
            test.agent.setTransactionResult("HTTP 2xx")
        }
        let transaction = try! #require(test.events().transactions.first)
        #expect(transaction["name"] as? String == "renamed")
        #expect(transaction["result"] as? String == "HTTP 2xx")
        let tags = transaction[path: "context.tags"] as? [String: Any]
        #expect(tags?["a_b"] as? String == "x")
        #expect(tags?["count"] as? Int == 3)
        #expect(tags?["ok"] as? Bool == true)
        #expect(tags?["ratio"] as? Double == 0.5)
        #expect(tags?["amount"] as? Double == 12.25)
        #expect(transaction[path: "context.custom.nested.k_ey"] as? String == "v")
        #expect(transaction[path: "context.user.username"] as? String == "ada")
        #expect(transaction[path: "context.user.id"] as? String == "42")
    }

    @Test("sample rate 0: transaction sent unsampled, no spans, no context, sample_rate 0, es=s:0 propagated")
    func unsampled() {
        let test = TestAgent { $0.transactionSampleRate = 0 }
        test.agent.withTransaction("unsampled", type: "request") { transaction in
            test.agent.label(["k": "v"])
            test.agent.captureSpan("not recorded") { span in #expect(!span.isRecording) }
            #expect(test.agent.currentTraceParentHeader?.hasSuffix("-00") == true)
            #expect(test.agent.currentTraceStateHeader == "es=s:0")
        }
        let events = test.events()
        #expect(events.spans.isEmpty)
        let transaction = try! #require(events.transactions.first)
        #expect(transaction["sampled"] as? Bool == false)
        #expect(transaction["sample_rate"] as? Double == 0)
        #expect(transaction["context"] == nil)
        #expect(transaction[path: "span_count.started"] as? Int == 0)
    }

    @Test("sampling follows the configured rate within statistical bounds")
    func samplingRate() {
        let test = TestAgent { $0.transactionSampleRate = 0.25 }
        var sampled = 0
        for _ in 0..<4000 where test.agent.makeTransaction(name: "t", type: "t", traceParent: nil, links: []).isSampled {
            sampled += 1
        }
        #expect((800...1200).contains(sampled), "sampled \(sampled) of 4000 at rate 0.25")
    }

    @Test("an incoming traceparent is continued: same trace, parent id, sampled flag and rate from es")
    func continueTrace() {
        let test = TestAgent()
        let header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let parent = try! #require(APMTraceParent(string: header, traceState: "es=s:0.5,other=x"))
        test.agent.withTransaction("continued", type: "request", traceParent: parent) { _ in
            test.agent.captureSpan("child") { _ in }
        }
        let events = test.events()
        let transaction = try! #require(events.transactions.first)
        #expect(transaction["trace_id"] as? String == "0af7651916cd43dd8448eb211c80319c")
        #expect(transaction["parent_id"] as? String == "b7ad6b7169203331")
        #expect(transaction["sample_rate"] as? Double == 0.5)
        #expect(events.spans.first?["sample_rate"] as? Double == 0.5)
    }

    @Test("trace_continuation_strategy=restart starts a new trace linked to the incoming one")
    func restartStrategy() {
        let test = TestAgent { $0.traceContinuationStrategy = .restart }
        let parent = try! #require(APMTraceParent(string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        test.agent.withTransaction("restarted", type: "request", traceParent: parent) { _ in }
        let transaction = try! #require(test.events().transactions.first)
        #expect(transaction["trace_id"] as? String != "0af7651916cd43dd8448eb211c80319c")
        #expect(transaction["parent_id"] == nil)
        let links = transaction["links"] as? [[String: String]]
        #expect(links == [["trace_id": "0af7651916cd43dd8448eb211c80319c", "span_id": "b7ad6b7169203331"]])
    }

    @Test("recording=false and enabled=false capture nothing and never crash")
    func disabled() {
        for configure: (inout APMAgent.Configuration) -> Void in [{ $0.recording = false }, { $0.enabled = false }] {
            let test = TestAgent(configure)
            test.agent.withTransaction("nothing", type: "request") { _ in
                test.agent.captureSpan("nothing either") { _ in }
                #expect(test.agent.captureError(CocoaErrorLike()) == nil)
            }
            #expect(test.events().lines.isEmpty)
        }
    }

    @Test("after close every call is a harmless no-op")
    func afterClose() {
        let test = TestAgent()
        test.agent.closeBlocking()
        test.agent.withTransaction("late", type: "request") { _ in
            test.agent.captureSpan("late span") { _ in }
        }
        #expect(test.agent.captureMessage("late") == nil)
        #expect(test.agent.beginTransaction(type: "x").isRecording == false)
        test.agent.endTransaction()
        #expect(test.store.events.isEmpty)
        #expect(!test.agent.isEnabled)
    }

    @Test("transaction_ignore_urls: a matching request path reports neither the transaction nor its spans")
    func ignoreURLs() {
        let test = TestAgent { $0.transactionIgnoreURLs = ["/health*", "*.css"] }
        for path in ["/healthz", "/static/site.CSS", "/orders"] {
            test.agent.withTransaction("GET \(path)", type: "request") { transaction in
                transaction.setRequest(APMRequestContext(method: "GET", url: APMURLParts(pathname: path)))
                test.agent.captureSpan("work") { _ in }
            }
        }
        let events = test.events()
        #expect(events.transactions.map { $0["name"] as? String } == ["GET /orders"])
        #expect(events.spans.count == 1)
    }

    private struct CocoaErrorLike: Error {}
}
