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

@Suite("Errors and messages")
struct ErrorCaptureTests {
    enum PaymentError: Error { case declined(code: Int) }

    struct Described: LocalizedError {
        var errorDescription: String? { "card expired" }
    }

    @Test("captureError links to the current span and transaction and carries a stack trace")
    func linkedError() async {
        #expect(await loadSymbols { _ = Self.captureDeclinedPayment(test: $0) }, "symbol tables loaded")
        let test = TestAgent()
        let returnedID = Self.captureDeclinedPayment(test: test)
        let events = test.events()
        let error = try! #require(events.errors.first)
        let span = try! #require(events.span(named: "charge"))
        let transaction = try! #require(events.transactions.first)
        #expect(error["id"] as? String == returnedID)
        #expect(returnedID?.count == 32)
        #expect(error["parent_id"] as? String == span["id"] as? String)
        #expect(error["transaction_id"] as? String == transaction["id"] as? String)
        #expect(error["trace_id"] as? String == transaction["trace_id"] as? String)
        #expect(error[path: "transaction.name"] as? String == "checkout")
        #expect(error[path: "transaction.sampled"] as? Bool == true)
        #expect(error[path: "exception.type"] as? String == "ErrorCaptureTests.PaymentError")
        #expect(error[path: "exception.module"] as? String == "ElasticAPMTests")
        #expect(error[path: "exception.message"] as? String == "declined(code: 51)")
        #expect(error[path: "exception.handled"] as? Bool == true)
        #expect(error[path: "context.tags.tier"] as? String == "gold")
        #expect(error[path: "context.custom.attempt"] as? Int == 2)
        let frames = error[path: "exception.stacktrace"] as? [[String: Any]] ?? []
        #expect(frames.contains { ($0["function"] as? String)?.contains("captureDeclinedPayment") == true })
        #expect((error["culprit"] as? String)?.isEmpty == false)
        #expect(span["outcome"] as? String == "failure")
    }

    private static func captureDeclinedPayment(test: TestAgent) -> String? {
        var returnedID: String?
        test.agent.withTransaction("checkout", type: "request") { _ in
            test.agent.label(["tier": "gold"])
            test.agent.captureSpan("charge") { _ in
                returnedID = test.agent.captureError(PaymentError.declined(code: 51), custom: ["attempt": 2])
            }
        }
        return returnedID
    }

    @Test("LocalizedError descriptions are used as the message; errors outside transactions have no trace ids")
    func standaloneError() {
        let test = TestAgent()
        test.agent.captureError(Described(), handled: false, date: Date(timeIntervalSince1970: 1_700_000_000))
        let error = try! #require(test.events().errors.first)
        #expect(error[path: "exception.message"] as? String == "card expired")
        #expect(error["trace_id"] == nil && error["transaction_id"] == nil && error["parent_id"] == nil)
        #expect(error["timestamp"] as? Int64 == 1_700_000_000_000_000)
    }

    @Test("captureMessage with a parameterised message keeps the template for grouping")
    func paramMessage() {
        let test = TestAgent()
        test.agent.captureMessage(
            paramMessage: "Billing for %s succeeded. Amount: %d, 100%%", params: ["acme", 42], level: .info)
        test.agent.captureMessage("plain", stackTrace: false)
        let errors = test.events().errors
        #expect(errors.count == 2)
        #expect(errors[0][path: "log.message"] as? String == "Billing for acme succeeded. Amount: 42, 100%")
        #expect(errors[0][path: "log.param_message"] as? String == "Billing for %s succeeded. Amount: %d, 100%%")
        #expect(errors[0][path: "log.level"] as? String == "info")
        #expect(errors[0][path: "log.stacktrace"] != nil)
        #expect(errors[1][path: "log.stacktrace"] == nil)
    }

    @Test("stack_trace_limit bounds the frames; 0 disables stack traces")
    func stackTraceLimit() {
        let limited = TestAgent { $0.stackTraceLimit = 3 }
        limited.agent.captureMessage("limited")
        let frames = limited.events().errors.first?[path: "log.stacktrace"] as? [Any]
        #expect((frames?.count ?? 0) <= 3 && (frames?.count ?? 0) > 0)
        let none = TestAgent { $0.stackTraceLimit = 0 }
        none.agent.captureMessage("none")
        #expect(none.events().errors.first?[path: "log.stacktrace"] == nil)
    }

    @Test("strict durability: captureError returns after the error is stored")
    func strictDurability() {
        let test = TestAgent {
            $0.queueDurability = .strict; $0.queueCommitInterval = .seconds(5)
        }
        test.agent.captureMessage("must be stored")
        #expect(test.store.events.count == 1)
    }
}
