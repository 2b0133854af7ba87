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
import Logging
import Testing
@testable import ElasticAPM

/// `APMLogHandler`: error capture by level, errors and metadata, `log` events behind
/// `log_sending`, composition with a console handler, and no feedback loop.
@Suite("swift-log: APMLogHandler")
struct LogHandlerTests {
    struct CardDeclined: Error, CustomStringConvertible {
        var code: Int
        var description: String { "card declined (\(code))" }
    }

    /// A logger like an application's: a console stand-in and the agent's handler, with the
    /// agent's correlation provider on the multiplexer.
    func logger(
        _ agent: APMAgent, console: LogRecords = LogRecords(), label: String = "checkout",
        errorCaptureLevel: Logger.Level? = .error
    ) -> Logger {
        var logger = Logger(label: label) { label in
            MultiplexLogHandler(
                [console.handler(), APMLogHandler(label: label, agent: agent, errorCaptureLevel: errorCaptureLevel)],
                metadataProvider: agent.logMetadataProvider)
        }
        logger.logLevel = .trace
        return logger
    }

    @Test("records at or above the capture level become error events; lower ones do not; the console gets them all")
    func levels() {
        let test = TestAgent()
        let console = LogRecords()
        let log = logger(test.agent, console: console)
        log.debug("debug")
        log.info("info")
        log.warning("warning")
        log.error("error")
        log.critical("critical")
        let errors = test.events().errors
        #expect(errors.map { $0[path: "log.message"] as? String } == ["error", "critical"])
        #expect(errors.map { $0[path: "log.level"] as? String } == ["error", "critical"])
        #expect(console.all.map(\.message) == ["debug", "info", "warning", "error", "critical"])
        #expect(test.events().logs.isEmpty)

        let warnings = TestAgent()
        let verbose = logger(warnings.agent, errorCaptureLevel: .warning)
        verbose.notice("notice")
        verbose.warning("warning")
        #expect(warnings.events().errors.map { $0[path: "log.message"] as? String } == ["warning"])

        let none = TestAgent()
        logger(none.agent, errorCaptureLevel: nil).critical("critical")
        #expect(none.events().errors.isEmpty)
        #expect(none.agent.statistics.captured.isEmpty)
    }

    @Test("an error event: message, level, logger name, culprit from the call site, parented to the current span")
    func errorFields() throws {
        let test = TestAgent()
        let log = logger(test.agent, label: "checkout.payments")
        var line: UInt = 0
        test.agent.withTransaction("POST /pay", type: "request") { _ in
            test.agent.captureSpan("charge") { _ in
                line = #line + 1
                log.error("payment failed for order 7")
            }
        }
        let events = test.events()
        let error = try #require(events.errors.first)
        let span = try #require(events.span(named: "charge"))
        let transaction = try #require(events.transactions.first)
        #expect(error[path: "log.message"] as? String == "payment failed for order 7")
        #expect(error[path: "log.level"] as? String == "error")
        #expect(error[path: "log.logger_name"] as? String == "checkout.payments")
        #expect(error[path: "log.param_message"] == nil)
        #expect(error["exception"] == nil)
        #expect(error["culprit"] as? String == "errorFields() (ElasticAPMTests/LogHandlerTests.swift:\(line))")
        #expect(error["parent_id"] as? String == span["id"] as? String)
        #expect(error["transaction_id"] as? String == transaction["id"] as? String)
        #expect(error["trace_id"] as? String == transaction["trace_id"] as? String)
        #expect(error[path: "transaction.name"] as? String == "POST /pay")
        #expect(span["outcome"] as? String == "failure")
        #expect(error[path: "context.custom"] == nil, "the correlation keys from the provider are not custom context")
    }

    @Test("an Error given with error: or under the metadata key \"error\" becomes the exception")
    func errorValues() throws {
        let test = TestAgent()
        let log = logger(test.agent)
        log.error("charge failed", error: CardDeclined(code: 51))
        log.error("charge failed again", metadata: ["error": .stringConvertible(CardDeclined(code: 5)), "order": "7"])
        log.error("not an error value", metadata: ["error": "timeout"])
        let errors = test.events().errors
        try #require(errors.count == 3)
        #expect(errors[0][path: "exception.type"] as? String == "LogHandlerTests.CardDeclined")
        #expect(errors[0][path: "exception.module"] as? String == "ElasticAPMTests")
        #expect(errors[0][path: "exception.message"] as? String == "card declined (51)")
        #expect(errors[0][path: "exception.handled"] as? Bool == true)
        #expect(errors[0][path: "log.message"] as? String == "charge failed")
        #expect(errors[1][path: "exception.message"] as? String == "card declined (5)")
        #expect(errors[1][path: "context.custom"] as? [String: String] == ["order": "7"])
        #expect(errors[2]["exception"] == nil)
        #expect(errors[2][path: "context.custom.error"] as? String == "timeout")
    }

    @Test("metadata (logger, provider, record) becomes custom context with sanitize_field_names applied")
    func metadataSanitized() throws {
        let test = TestAgent { $0.sanitizeFieldNames = ["password", "*token*", "card*"] }
        let requestIDs = Logger.MetadataProvider { ["request.id": "r-1"] }
        var log = Logger(label: "app") { label in
            MultiplexLogHandler([APMLogHandler(label: label, agent: test.agent, metadataProvider: requestIDs)])
        }
        log[metadataKey: "tenant"] = "acme"
        log.error(
            "login failed",
            metadata: [
                "user": "ann", "password": "hunter2", "auth_token": "abc",
                "card": ["number": "4111", "holder": "Ann"],
                "attempt": .stringConvertible(3),
                "request": ["headers": ["x-token": "t", "accept": "*/*"], "ids": ["a", "b"]],
            ])
        let error = try #require(test.events().errors.first)
        let custom = try #require(error[path: "context.custom"] as? [String: Any])
        #expect(custom["tenant"] as? String == "acme")
        #expect(custom["request.id"] == nil, "keys are sanitised like custom context everywhere")
        #expect(custom["request_id"] as? String == "r-1")
        #expect(custom["user"] as? String == "ann")
        #expect(custom["password"] as? String == "[REDACTED]")
        #expect(custom["auth_token"] as? String == "[REDACTED]")
        #expect(custom["card"] as? String == "[REDACTED]")
        #expect(custom["attempt"] as? String == "3")
        #expect(error[path: "context.custom.request.headers.x-token"] as? String == "[REDACTED]")
        #expect(error[path: "context.custom.request.headers.accept"] as? String == "*/*")
        #expect(error[path: "context.custom.request.ids"] as? [String] == ["a", "b"])
    }

    @Test("log_sending off: no log events; on: every received record is a log event with ECS fields")
    func logSending() throws {
        let off = TestAgent()
        logger(off.agent).info("not sent")
        #expect(off.events().logs.isEmpty)

        let test = TestAgent {
            $0.logSending = true
            $0.serviceVersion = "1.4.2"
            $0.environment = "staging"
            $0.serviceNodeName = "node-1"
            $0.sanitizeFieldNames = ["password", "*token*"]
        }
        var log = logger(test.agent, label: "checkout")
        log.logLevel = .info
        log.debug("below the logger's level")
        var ids: (trace: String, transaction: String, span: String)?
        var line: UInt = 0
        test.agent.withTransaction("GET /cart", type: "request") { transaction in
            test.agent.captureSpan("load cart") { span in
                ids = (transaction.traceID.hexString, transaction.id.hexString, span.id.hexString)
                line = #line + 1
                log.info(
                    "cart loaded",
                    metadata: [
                        "items": .stringConvertible(3), "gift": .stringConvertible(true), "price": .stringConvertible(9.5),
                        "password": "x", "a.b": "c",
                        "request": ["path": "/cart", "x-token": "t", "ids": [["token": "t2"]]],
                    ])
            }
        }
        log.warning("outside", error: CardDeclined(code: 1))
        let events = test.events()
        let logs = events.logs
        try #require(logs.count == 2)
        let inside = logs[0]
        let expectedIDs = try #require(ids)
        #expect(inside["message"] as? String == "cart loaded")
        #expect(inside["log.level"] as? String == "info")
        #expect(inside["log.logger"] as? String == "checkout")
        #expect(inside["log.origin.file.name"] as? String == "ElasticAPMTests/LogHandlerTests.swift")
        #expect(inside["log.origin.file.line"] as? UInt == line)
        #expect(inside["log.origin.function"] as? String == "logSending()")
        #expect(inside["trace.id"] as? String == expectedIDs.trace)
        #expect(inside["transaction.id"] as? String == expectedIDs.transaction)
        #expect(inside["span.id"] as? String == expectedIDs.span)
        #expect(inside["service.name"] as? String == "test-service")
        #expect(inside["service.version"] as? String == "1.4.2")
        #expect(inside["service.environment"] as? String == "staging")
        #expect(inside["service.node.name"] as? String == "node-1")
        #expect(inside["event.dataset"] as? String == "test-service")
        let timestamp = try #require(inside["@timestamp"] as? Int64)
        #expect(abs(timestamp - Int64(Date().timeIntervalSince1970 * 1_000_000)) < 60_000_000)
        let labels = try #require(inside["labels"] as? [String: Any])
        #expect(labels["items"] as? Double == 3)
        #expect(labels["gift"] as? Bool == true)
        #expect(labels["price"] as? Double == 9.5)
        #expect(labels["password"] as? String == "[REDACTED]")
        #expect(labels["a_b"] as? String == "c")
        #expect(labels["request_path"] as? String == "/cart")
        #expect(labels["request_x-token"] as? String == "[REDACTED]")
        #expect(labels["request_ids"] as? String == #"[["token": "[REDACTED]"]]"#)
        #expect(labels["trace.id"] == nil && labels["trace_id"] == nil)

        let outside = logs[1]
        #expect(outside["trace.id"] == nil && outside["transaction.id"] == nil && outside["span.id"] == nil)
        #expect(outside["log.level"] as? String == "warning")
        #expect(outside["error.type"] as? String == "LogHandlerTests.CardDeclined")
        #expect(outside["error.message"] as? String == "card declined (1)")
        #expect(outside["labels"] == nil)
        #expect(events.errors.isEmpty, "warning is below the error capture level")
        #expect(test.agent.statistics.captured["log"] == 2)
        #expect(test.store.counters["captured.log"] == 2)
    }

    @Test("an error-level record with log_sending on is both an error event and a log event")
    func errorAndLog() {
        let test = TestAgent { $0.logSending = true }
        logger(test.agent).error("boom")
        let events = test.events()
        #expect(events.errors.count == 1)
        #expect(events.logs.count == 1)
        #expect(test.agent.statistics.captured == ["error": 1, "log": 1])
    }

    @Test("log fields are truncated: message to long_field_max_length, keywords to 1024 characters")
    func fieldLimits() throws {
        let test = TestAgent {
            $0.logSending = true
            $0.longFieldMaxLength = 100
        }
        logger(test.agent, label: String(repeating: "l", count: 2000))
            .error("\(String(repeating: "m", count: 500))", metadata: ["k": .string(String(repeating: "v", count: 2000))])
        let events = test.events()
        let log = try #require(events.logs.first)
        #expect((log["message"] as? String)?.unicodeScalars.count == 100)
        #expect((log["message"] as? String)?.hasSuffix("…") == true)
        #expect((log["log.logger"] as? String)?.unicodeScalars.count == 1024)
        #expect((log[path: "labels"] as? [String: String])?["k"]?.unicodeScalars.count == 1024)
        let error = try #require(events.errors.first)
        #expect((error[path: "log.message"] as? String)?.unicodeScalars.count == 100)
        #expect((error[path: "log.logger_name"] as? String)?.unicodeScalars.count == 1024)
    }

    @Test("records share the bounded hand-off: beyond queue_memory_limit they are dropped and counted, never waited for")
    func boundedHandOff() {
        let test = TestAgent {
            $0.logSending = true
            $0.queueMemoryLimit = 64 * 1024
            $0.queueCommitInterval = .seconds(30)
            $0.queueDurability = .strict
        }
        #expect(test.agent.waitUntilQueued())
        let log = logger(test.agent)
        // Under queue_durability=strict a waiting submit would commit each error at once and the
        // hand-off would never fill: drops prove the records were handed off without waiting.
        for index in 0..<1000 { log.error("record \(index)") }
        let statistics = test.agent.statistics
        #expect(statistics.captured == ["error": 1000, "log": 1000])
        #expect((statistics.dropped["queue"] ?? 0) > 0)
        #expect(test.agent.waitUntilQueued())
        let after = test.agent.statistics
        #expect(after.stored + (after.dropped["queue"] ?? 0) == 2000)
    }

    @Test("recording=false and a closed agent capture nothing")
    func notRecording() {
        let test = TestAgent {
            $0.recording = false
            $0.logSending = true
        }
        logger(test.agent).critical("nothing")
        #expect(test.events().lines.isEmpty)
        let closed = TestAgent { $0.logSending = true }
        closed.agent.closeBlocking()
        logger(closed.agent).critical("nothing")
        #expect(closed.store.events.isEmpty)
    }
}
