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

import Logging
import Testing
@testable import ElasticAPM

/// `APMAgent.logMetadataProvider`: `trace.id`, `transaction.id`, `span.id` on records made
/// inside transactions and spans, nothing outside.
@Suite("swift-log: log correlation")
struct LogCorrelationTests {
    /// A logger printing into `records`, with the agent's provider as the system would bootstrap it.
    func logger(_ agent: APMAgent, _ records: LogRecords) -> Logger {
        Logger(label: "app") { _ in records.handler(metadataProvider: agent.logMetadataProvider) }
    }

    @Test("records inside a transaction carry trace.id and transaction.id; inside a span also span.id; outside nothing")
    func insideAndOutside() throws {
        let test = TestAgent()
        let records = LogRecords()
        let log = logger(test.agent, records)
        var transactionIDs: (trace: String, transaction: String)?
        var spanID: String?
        log.info("before")
        test.agent.withTransaction("GET /orders", type: "request") { transaction in
            transactionIDs = (transaction.traceID.hexString, transaction.id.hexString)
            log.info("in transaction")
            test.agent.captureSpan("SELECT orders", type: "db.postgresql.query") { span in
                spanID = span.id.hexString
                log.info("in span")
            }
            log.info("after span")
        }
        log.info("after")
        let ids = try #require(transactionIDs)
        let byMessage = Dictionary(uniqueKeysWithValues: records.all.map { ($0.message, $0.metadata) })
        #expect(byMessage["before"] == [:])
        #expect(byMessage["after"] == [:])
        #expect(byMessage["in transaction"] == ["trace.id": .string(ids.trace), "transaction.id": .string(ids.transaction)])
        #expect(byMessage["after span"] == ["trace.id": .string(ids.trace), "transaction.id": .string(ids.transaction)])
        #expect(
            byMessage["in span"] == [
                "trace.id": .string(ids.trace), "transaction.id": .string(ids.transaction),
                "span.id": .string(try #require(spanID)),
            ])
    }

    @Test("follows await and child tasks, and a transaction begun on the thread by beginTransaction")
    func asyncAndThreadBound() async throws {
        let test = TestAgent()
        let records = LogRecords()
        let log = logger(test.agent, records)
        let traceID = try await test.agent.withTransaction("job", type: "job") { transaction in
            try await Task.sleep(for: .milliseconds(1))
            await Task { log.info("child task") }.value
            return transaction.traceID.hexString
        }
        #expect(records.all.first?.metadata["trace.id"] == .string(traceID))

        // Synchronous code (a script's main): beginTransaction binds to the thread.
        let (begun, provided) = {
            let begun = test.agent.beginTransaction(type: "script", name: "main")
            let provided = test.agent.logMetadataProvider.get()
            test.agent.endTransaction()
            return (begun, provided)
        }()
        #expect(provided["trace.id"] == .string(begun.traceID.hexString))
        #expect(provided["transaction.id"] == .string(begun.id.hexString))
        #expect(test.agent.logMetadataProvider.get().isEmpty)
    }

    @Test("a disabled or closed agent adds nothing")
    func disabledAgent() {
        let disabled = TestAgent { $0.enabled = false }
        disabled.agent.withTransaction("t", type: "request") { _ in
            #expect(disabled.agent.logMetadataProvider.get().isEmpty)
        }
        let closed = TestAgent()
        closed.agent.closeBlocking()
        closed.agent.withTransaction("t", type: "request") { _ in
            #expect(closed.agent.logMetadataProvider.get().isEmpty)
        }
    }
}
