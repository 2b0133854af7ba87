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

@Suite("APMTracer: recordError")
struct TracerErrorTests {
    @Test("recordError captures an error parented to the span, without changing the outcome")
    func spanError() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("job", kind: .consumer)
        root.attributes["messaging.system"] = "kafka"
        let child = tracer.start("charge", context: root.context)
        child.recordError(CheckoutError.declined)
        child.end()
        root.end()
        let events = test.events()
        let error = try #require(events.errors.first)
        let span = try #require(events.spans.first)
        let transaction = try #require(events.transactions.first)
        #expect(error["parent_id"] as? String == span["id"] as? String)
        #expect(error["transaction_id"] as? String == transaction["id"] as? String)
        #expect(error["trace_id"] as? String == transaction["trace_id"] as? String)
        #expect(error[path: "transaction.type"] as? String == "messaging")
        #expect(error[path: "exception.type"] as? String == "CheckoutError")
        #expect(error[path: "exception.handled"] as? Bool == true)
        #expect((error[path: "exception.stacktrace"] as? [Any])?.isEmpty == false)
        #expect(span["outcome"] as? String == "unknown")
        #expect(transaction["outcome"] as? String == "unknown")
    }

    @Test("an error recorded on a transaction is unhandled unless exception.escaped says otherwise")
    func transactionError() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("job", kind: .consumer)
        root.recordError(CheckoutError.declined)
        root.recordError(CheckoutError.notFound, attributes: ["exception.escaped": false])
        root.end()
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        #expect(events.errors.map { $0[path: "exception.handled"] as? Bool } == [false, true])
        #expect(events.errors.allSatisfy { $0["parent_id"] as? String == transaction["id"] as? String })
    }

    @Test("an exception event becomes an error; other events are dropped")
    func exceptionEvent() throws {
        let test = TestAgent()
        let root = test.agent.tracer.start("job", kind: .consumer)
        root.addEvent(
            Tracing.SpanEvent(name: "exception", attributes: ["exception.type": "Timeout", "exception.message": "took too long"]))
        root.addEvent("cache miss")
        root.end()
        let events = test.events()
        #expect(events.errors.count == 1)
        #expect(events.errors.first?[path: "exception.type"] as? String == "Timeout")
        #expect(events.errors.first?[path: "exception.message"] as? String == "took too long")
    }
}
