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
import Instrumentation
import Testing

@testable import ElasticAPM

/// The Python agent's API in async Swift (issue 15, findings 1–5): transactions follow the task,
/// a disabled agent never invents a trace, context merges, explicit timing, spans as parents.
@Suite("Async-safe API")
struct AsyncSafeAPITests {
    private struct CheckoutFailed: Error, Equatable {
        var order: Int
    }

    @Test("eight concurrent async handlers each deliver their own transaction and result")
    func concurrentHandlers() async throws {
        let test = TestAgent()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    await test.agent.withTransaction("handler \(index)", type: "request") { transaction in
                        for _ in 0..<20 {
                            // Every yield may resume the task on another thread.
                            await Task.yield()
                            #expect(test.agent.currentTransaction === transaction)
                            await test.agent.captureSpan("step \(index)") { _ in await Task.yield() }
                        }
                        test.agent.currentTransaction?.setResult("result \(index)")
                        test.agent.captureError(CheckoutFailed(order: index))
                    }
                }
            }
        }
        let events = test.events()
        let transactions = events.transactions
        #expect(transactions.count == 8)
        for index in 0..<8 {
            let transaction = try #require(transactions.first { $0["name"] as? String == "handler \(index)" })
            #expect(transaction["result"] as? String == "result \(index)")
            let id = transaction["id"] as? String
            let spans = events.spans.filter { $0["transaction_id"] as? String == id }
            #expect(spans.count == 20 && spans.allSatisfy { $0["name"] as? String == "step \(index)" })
            let errors = events.errors.filter { $0["transaction_id"] as? String == id }
            #expect(errors.count == 1)
            #expect((errors.first?[path: "exception.message"] as? String)?.contains("order: \(index)") == true)
        }
    }

    @Test("a transaction ended directly is no longer the thread's: later errors are not linked to it")
    func endedTransactionLeavesTheThread() throws {
        let test = TestAgent()
        let transaction = test.agent.beginTransaction(type: "job", name: "ended directly")
        #expect(test.agent.currentTransaction === transaction)
        transaction.end()
        #expect(test.agent.currentTransaction == nil)
        #expect(test.agent.endTransaction() == nil)
        test.agent.captureError(CheckoutFailed(order: 1))
        let error = try #require(test.events().errors.first)
        #expect(error["transaction_id"] == nil && error["trace_id"] == nil)
    }

    @Test("a disabled or closed agent propagates no invented trace, and an incoming one unchanged")
    func disabledAgentPropagation() async throws {
        var configuration = APMAgent.Configuration(serviceName: "disabled")
        configuration.enabled = false
        let disabled = APMAgent(configuration: configuration, environment: [:])
        let closed = TestAgent().agent
        await closed.close(timeout: .zero)
        let incoming = try #require(
            APMTraceParent(
                string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", traceState: "es=s:1,vendor=x",
                baggage: "user=alice"))
        for agent in [disabled, closed] {
            await agent.withTransaction("no incoming") { transaction in
                #expect(transaction.traceParent == nil)
                #expect(agent.currentTraceParentHeader == nil)
                await agent.captureSpan("call") { span async in #expect(span.traceParent == nil) }
            }
            await agent.withTransaction("incoming", traceParent: incoming) { transaction in
                #expect(transaction.traceParent == incoming)
                #expect(agent.currentTraceParentHeader == incoming.headerValue)
                #expect(agent.currentTraceStateHeader == "es=s:1,vendor=x")
                await agent.captureSpan("call") { span async in
                    #expect(span.traceParent?.headerValue == incoming.headerValue)
                    #expect(span.traceParent?.baggageHeaderValue == "user=alice")
                }
            }
            #expect(agent.currentTraceParentHeader == nil)
            // The tracer injects nothing of its own either, and an incoming context unchanged.
            var nothing: [String: String] = [:]
            agent.tracer.inject(.topLevel, into: &nothing, using: HeaderWriter())
            #expect(nothing.isEmpty)
            var passed: [String: String] = [:]
            await agent.withTransaction("incoming", traceParent: incoming) { _ async in
                agent.tracer.inject(.topLevel, into: &passed, using: HeaderWriter())
            }
            #expect(passed["traceparent"] == incoming.headerValue && passed["baggage"] == "user=alice")
        }
    }

    @Test("setUser updates the fields it sets and keeps the others (set_user_context)")
    func userContextMerges() throws {
        let test = TestAgent()
        test.agent.withTransaction("login") { transaction in
            transaction.setUser(APMUserContext(username: "alice"))
            transaction.setUser(APMUserContext(email: "alice@example.com"))
            test.agent.setUserContext(id: "42")
        }
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction[path: "context.user.username"] as? String == "alice")
        #expect(transaction[path: "context.user.email"] as? String == "alice@example.com")
        #expect(transaction[path: "context.user.id"] as? String == "42")
    }

    @Test("endTransaction's name and result only fill what is unset (end_transaction)")
    func endFillsOnlyUnset() throws {
        let test = TestAgent()
        let early = test.agent.beginTransaction(type: "request", name: "GET /users/:id")
        early.setResult("HTTP 2xx")
        test.agent.endTransaction(name: "fallback", result: "fallback")
        test.agent.beginTransaction(type: "request")
        test.agent.endTransaction(name: "filled", result: "filled")
        let transactions = test.events().transactions
        #expect(transactions.map { $0["name"] as? String } == ["GET /users/:id", "filled"])
        #expect(transactions.map { $0["result"] as? String } == ["HTTP 2xx", "filled"])
    }

    @Test("the agent's beginSpan becomes the thread's current span until it ends")
    func beginSpanIsCurrent() throws {
        let test = TestAgent()
        let transaction = test.agent.beginTransaction(type: "job", name: "script")
        let outer = test.agent.beginSpan("outer")
        #expect(test.agent.currentSpan === outer)
        test.agent.captureSpan("inner") { _ in }
        test.agent.captureError(CheckoutFailed(order: 2))
        outer.end()
        #expect(test.agent.currentSpan == nil && test.agent.currentTransaction === transaction)
        test.agent.endTransaction()
        let events = test.events()
        let outerID = try #require(events.span(named: "outer")?["id"] as? String)
        #expect(events.span(named: "inner")?["parent_id"] as? String == outerID)
        #expect(events.errors.first?["parent_id"] as? String == outerID)
    }

    @Test("an error rethrown out of captureSpan is linked to that span")
    func rethrownErrorLinksToSpan() async throws {
        let test = TestAgent()
        await #expect(throws: CheckoutFailed.self) {
            try await test.agent.withTransaction("checkout", type: "request") { _ in
                try await test.agent.captureSpan("charge card") { _ in throw CheckoutFailed(order: 3) }
            }
        }
        let events = test.events()
        let spanID = try #require(events.span(named: "charge card")?["id"] as? String)
        let error = try #require(events.errors.first)
        #expect(error["parent_id"] as? String == spanID)
        #expect(error[path: "exception.handled"] as? Bool == false)
    }

    @Test("transactions and spans take an explicit start and duration")
    func explicitTiming() throws {
        let test = TestAgent()
        let started = Date(timeIntervalSinceNow: -60)
        let transaction = test.agent.beginTransaction(type: "job", name: "backfill", start: started)
        let span = transaction.beginSpan("load", start: started.addingTimeInterval(1))
        span.end(duration: .milliseconds(250))
        test.agent.captureSpan("store", duration: .milliseconds(40)) { _ in }
        test.agent.endTransaction(duration: .milliseconds(1500))
        let events = test.events()
        let recorded = try #require(events.transactions.first)
        let micros = Int64((started.timeIntervalSince1970 * 1_000_000).rounded())
        #expect(abs((recorded["timestamp"] as? Int64 ?? 0) - micros) <= 1)
        #expect(abs((recorded["duration"] as? Double ?? 0) - 1500) < 0.01)
        #expect(abs((events.span(named: "load")?["duration"] as? Double ?? 0) - 250) < 0.01)
        #expect(abs((events.span(named: "load")?["timestamp"] as? Int64 ?? 0) - (micros + 1_000_000)) <= 1)
        #expect(abs((events.span(named: "store")?["duration"] as? Double ?? 0) - 40) < 0.01)
    }
}

/// Writes injected headers into a dictionary.
private struct HeaderWriter: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
