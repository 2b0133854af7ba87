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

/// Application-thread costs: what instrumented code pays per span, transaction and error.
enum CaptureBenchmarks {
    /// An agent whose events stay in its queue file: nothing listens at its server URL, so close
    /// it with `close(timeout: .zero)` (the writer still gets its commit grace; the sender is not
    /// waited for).
    static func makeAgent(_ directory: URL, name: String, spanStackTraces: Bool = true, maxBytes: Int64? = nil) -> APMAgent {
        var configuration = APMAgent.Configuration(serviceName: "bench")
        configuration.queuePath = directory.appending(path: "\(name).sqlite").path
        configuration.queueMaxBytes = maxBytes
        configuration.serverURL = "http://127.0.0.1:9"
        configuration.logLevel = .error
        configuration.queueMemoryLimit = 1 << 30
        configuration.transactionMaxSpans = Int(Int32.max)
        configuration.spanCompressionEnabled = false
        if !spanStackTraces { configuration.spanStackTraceMinDuration = .seconds(-1) }
        return APMAgent(configuration: configuration, environment: [:])
    }

    /// For profilers (`--only spans`): `count` span begin+end pairs (``spanBurst(_:)``), then
    /// `count / 10` transactions of 10 spans (``transactionBurst(_:)``), waiting for the writer
    /// after each burst.
    static func profile(queueDirectory: URL, count: Int) {
        // No span stack traces: under valgrind the first spans can outlast the 5 ms default.
        let agent = makeAgent(queueDirectory, name: "profile", spanStackTraces: false)
        let transaction = agent.beginTransaction(type: "bench", name: "spans")
        for _ in 0..<max(1, count / spansPerBurst) {
            spanBurst(transaction)
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        transaction.end()
        for _ in 0..<max(1, count / 10 / transactionsPerBurst) {
            transactionBurst(agent)
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        agent.closeBlocking(timeout: .zero)
    }

    /// Span begin+end pairs per ``spanBurst(_:)``.
    static let spansPerBurst = 1000
    /// Transactions per ``transactionBurst(_:)``.
    static let transactionsPerBurst = 100

    /// ``spansPerBurst`` span begin+end pairs inside `transaction` (out of line so a profiler can
    /// select it).
    @inline(never)
    static func spanBurst(_ transaction: APMTransaction) {
        for _ in 0..<spansPerBurst { transaction.beginSpan("SELECT FROM users", type: "db.postgresql.query").end() }
    }

    /// ``transactionsPerBurst`` transactions with 10 spans each, begun and ended on this thread (out
    /// of line so a profiler can select it).
    @inline(never)
    static func transactionBurst(_ agent: APMAgent) {
        for _ in 0..<transactionsPerBurst {
            let transaction = agent.beginTransaction(type: "request", name: "GET /")
            for _ in 0..<10 { transaction.beginSpan("work", type: "app.internal").end() }
            agent.endTransaction(result: "HTTP 2xx")
        }
    }

    static func run(queueDirectory: URL) -> [Measurement] {
        var results: [Measurement] = []

        // Span begin+end inside a transaction.
        do {
            let agent = makeAgent(queueDirectory, name: "spans")
            let burst = spansPerBurst, bursts = 200
            let transaction = agent.beginTransaction(type: "bench", name: "spans")
            let elapsed = timeInBursts(bursts: bursts) {
                spanBurst(transaction)
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            let allocations = AllocationCount.measure {
                spanBurst(transaction)
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            transaction.end()
            let perSpan = elapsed.nanoseconds / Double(burst * bursts)
            let dropped = agent.statistics.droppedTotal
            results.append(
                Measurement(
                    name: "span begin+end (app thread)", value: perSpan, unit: "ns", goal: "≤ 500 ns",
                    met: perSpan <= 500, dropped: dropped, note: "Python: 30 500 ns"))
            results.append(
                Measurement(
                    name: "allocations per span (app thread)", value: Double(allocations.callingThread) / Double(burst),
                    unit: "", goal: "-", met: nil, dropped: dropped,
                    note: String(
                        format: "%.1f on all threads (writer: encode + SQLite)",
                        Double(allocations.allThreads) / Double(burst))))
            agent.closeBlocking(timeout: .zero)
        }

        // A transaction with 10 spans, begin to end, single thread.
        do {
            let agent = makeAgent(queueDirectory, name: "transactions")
            let burst = transactionsPerBurst, bursts = 200
            let elapsed = timeInBursts(bursts: bursts) {
                transactionBurst(agent)
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            let allocations = AllocationCount.measure {
                transactionBurst(agent)
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            let perSecond = Double(burst * bursts) / (elapsed.nanoseconds / 1e9)
            let dropped = agent.statistics.droppedTotal
            results.append(
                Measurement(
                    name: "transaction with 10 spans (single thread)", value: perSecond, unit: "/s",
                    goal: "≥ 150 000/s", met: perSecond >= 150_000,
                    dropped: dropped, note: "Python: 1 639/s"))
            results.append(
                Measurement(
                    name: "allocations per transaction with 10 spans", value: Double(allocations.callingThread) / Double(burst),
                    unit: "", goal: "-", met: nil, dropped: dropped,
                    note: String(format: "app thread; %.1f on all threads", Double(allocations.allThreads) / Double(burst))))
            agent.closeBlocking(timeout: .zero)
        }

        // captureError with a stack trace.
        do {
            let agent = makeAgent(queueDirectory, name: "errors")
            struct BenchError: Error {}
            let burst = 100, bursts = 100
            let elapsed = timeInBursts(bursts: bursts) {
                for _ in 0..<burst { _ = agent.captureError(BenchError()) }
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            let perError = elapsed.nanoseconds / Double(burst * bursts) / 1000
            results.append(
                Measurement(
                    name: "captureError with stack trace (app thread)", value: perError, unit: "µs",
                    goal: "≤ 20 µs", met: perError <= 20, dropped: agent.statistics.droppedTotal,
                    note: "Python: 285–534 µs"))
            agent.closeBlocking(timeout: .zero)
        }

        // The hand-off alone.
        do {
            let agent = makeAgent(queueDirectory, name: "handoff")
            let burst = 1000, bursts = 200
            var accepted = 0
            let elapsed = timeInBursts(bursts: bursts) {
                accepted += agent.benchmarkHandOff(count: burst)
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            let perEvent = elapsed.nanoseconds / Double(burst * bursts)
            results.append(
                Measurement(
                    name: "hand-off to the writer per event (app thread)", value: perEvent, unit: "ns",
                    goal: "≤ 200 ns", met: perEvent <= 200, dropped: agent.statistics.droppedTotal,
                    note: "\(accepted) accepted"))
            agent.closeBlocking(timeout: .zero)
        }
        return results
    }
}
