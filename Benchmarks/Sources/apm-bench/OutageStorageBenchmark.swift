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

@_spi(Benchmarking) import ElasticAPM
import Foundation

/// What a stored event costs on disk during an outage, for events shaped like `apm-demo`'s
/// checkout workload (a request transaction with context, labels and user, five spans of which
/// one is a database and one an HTTP exit span, random ids) captured at a steady rate while
/// nothing listens at the server URL. Measured while the agent runs: (file + WAL + shm) over
/// the stored events, after the writer and the sender's backoff had a moment to merge.
enum OutageStorageBenchmark {
    static func run(queueDirectory: URL, seconds: Int, transactionsPerSecond: Int) throws -> Measurement {
        let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "outage", spanStackTraces: false)
        let path = queueDirectory.appending(path: "outage.sqlite").path
        let clock = ContinuousClock()
        let start = clock.now
        var order = 0
        // Ten slices a second, each with its share of transactions, keep the commits small as
        // they are at a service's steady rate (the merges then have work to do).
        let perSlice = max(1, transactionsPerSecond / 10)
        for slice in 0..<(seconds * 10) {
            for _ in 0..<perSlice {
                checkout(agent, order: order)
                order += 1
            }
            let next = start + .milliseconds(100 * (slice + 1))
            if clock.now < next { Thread.sleep(forTimeInterval: (next - clock.now).nanoseconds / 1e9) }
        }
        _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        Thread.sleep(forTimeInterval: 3)
        let bytes = QueueFileBenchmarking.diskBytes(path: path)
        let storage = try QueueFileBenchmarking.storage(path: path)
        let stored = storage.events
        let dropped = agent.statistics.droppedTotal
        agent.closeBlocking(timeout: .seconds(30))
        let perEvent = Double(bytes) / Double(max(stored, 1))
        return Measurement(
            name: "bytes on disk per stored event (outage)", value: perEvent, unit: "B",
            goal: "≤ 40 B", met: perEvent <= 40 && dropped == 0, dropped: dropped,
            note: String(
                format:
                    "checkout workload, %d events in %d s; (file + WAL + shm) %.1f MiB; blocks %.1f B/event (%d), free pages %.1f MiB, WAL %.1f MiB",
                stored, seconds, Double(bytes) / 1_048_576, Double(storage.blockBytes) / Double(max(stored, 1)),
                storage.blocks, Double(storage.free) / 1_048_576, Double(storage.wal) / 1_048_576))
    }

    /// One checkout request: a transaction and five spans (seven events with the error every
    /// 50th order), shaped like `apm-demo`'s.
    private static func checkout(_ agent: APMAgent, order: Int) {
        let transaction = agent.beginTransaction(type: "request", name: "POST /checkout")
        transaction.setRequest(
            APMRequestContext(
                method: "POST",
                url: APMURLParts(
                    full: "https://shop.example.com/checkout?step=2", scheme: "https", hostname: "shop.example.com",
                    port: 443, pathname: "/checkout", search: "step=2"),
                httpVersion: "1.1", headers: [(name: "Content-Type", value: "application/json")]))
        transaction.setLabels(["order_id": .number(Double(order)), "express": .bool(order % 2 == 0), "region": "eu-1"])
        transaction.setUser(
            APMUserContext(id: "\(order % 7)", username: "customer\(order % 7)", email: "customer\(order % 7)@example.com"))
        let validate = transaction.beginSpan("validate cart", type: "app.internal")
        validate.beginSpan("apply price rules", type: "app.internal").end()
        validate.end()
        transaction.beginSpan("reserve inventory", type: "app.internal").end()
        let query = transaction.beginSpan("SELECT FROM order_lines", type: "db.postgresql.query", leaf: true)
        query.setContext(
            APMSpanContext(
                db: APMDatabaseContext(
                    instance: "shop", statement: "SELECT * FROM order_lines WHERE order_id = $1", type: "sql")))
        query.end()
        let payment = transaction.beginSpan("POST payments.example.com", type: "external.http", leaf: true)
        payment.setContext(
            APMSpanContext(
                http: APMHTTPClientContext(url: "https://payments.example.com/charge", method: "POST"),
                destinationAddress: "payments.example.com", destinationPort: 443))
        payment.setOutcome(httpStatusCode: order % 50 == 0 ? 402 : 200)
        payment.end()
        if order % 50 == 0 {
            agent.captureMessage("payment declined for order \(order)", level: .error, stackTrace: false)
        }
        transaction.setResponse(
            APMResponseContext(
                statusCode: order % 50 == 0 ? 402 : 200, headers: ["Content-Type": "application/json"], finished: true))
        transaction.setResult(order % 50 == 0 ? "HTTP 4xx" : "HTTP 2xx")
        transaction.end()
    }
}
