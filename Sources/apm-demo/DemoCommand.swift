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

import ArgumentParser
import ElasticAPM
import Foundation
import Synchronization

/// `apm-demo`: a small instrumented workload that exercises the whole public API and doubles as the
/// load generator for durability tests.
@main
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apm-demo",
        abstract: "Run an instrumented checkout workload through the Elastic APM agent.",
        discussion: """
            Each transaction is a `POST /checkout` request with nested and concurrent spans, a database \
            exit span and an outgoing HTTP exit span. Configure the agent with ELASTIC_APM_* variables \
            (e.g. ELASTIC_APM_SERVER_URL). While running on a terminal, `captured=<events ended so far>` \
            is shown in place every 100 ms; with --progress it is printed as a line every 100 ms \
            wherever the output goes.
            """)

    @Option(help: "Transactions to run (default 20; unlimited when --duration is given).")
    var transactions: Int?

    @Option(help: "Spans per transaction (at least 5: the workload's own structure).")
    var spansPerTransaction = 6

    @Option(help: "Errors to capture, spread over the transactions.")
    var errors = 1

    @Option(help: "Target events per second (0 = as fast as possible).")
    var rate: Double = 0

    @Option(help: "Run for this many seconds.")
    var duration: Double?

    @Flag(help: "Print a `captured=<n>` line every 100 ms, even when the output is not a terminal.")
    var progress = false

    @Flag(help: "Print the final summary as JSON.")
    var json = false

    @Option(help: "Also write every line the agent would send (metadata first) to this file.")
    var ndjson: String?

    @Option(help: "Seconds to wait at the end for the events to reach APM Server (the rest stay queued).")
    var flushTimeout: Double = 5

    @Option(help: "The service name (default: ELASTIC_APM_SERVICE_NAME or apm-demo).")
    var serviceName: String?

    func validate() throws {
        guard spansPerTransaction >= 5 else { throw ValidationError("--spans-per-transaction must be at least 5") }
        guard errors >= 0 else { throw ValidationError("--errors must not be negative") }
        guard rate >= 0 else { throw ValidationError("--rate must not be negative") }
        if let transactions, transactions < 0 { throw ValidationError("--transactions must not be negative") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        guard flushTimeout >= 0 else { throw ValidationError("--flush-timeout must not be negative") }
    }

    func run() async throws {
        var configuration = APMAgent.Configuration()
        configuration.serviceName =
            serviceName ?? (ProcessInfo.processInfo.environment["ELASTIC_APM_SERVICE_NAME"] == nil ? "apm-demo" : nil)
        configuration.serviceVersion = "1.0.0"
        configuration.environment = "demo"
        configuration.globalLabels = ["team": "checkout"]
        let agent = APMAgent(configuration: configuration, inMemoryQueue: nil, ndjsonMirrorPath: ndjson)
        let limit = transactions ?? (duration == nil ? 20 : Int.max)
        let workload = CheckoutWorkload(agent: agent, spansPerTransaction: spansPerTransaction)
        let progress: ProgressPrinter? =
            self.progress
            ? ProgressPrinter(agent: agent, style: .lines)
            : isatty(STDOUT_FILENO) == 1 ? ProgressPrinter(agent: agent, style: .inPlace) : nil
        progress?.start()

        let clock = ContinuousClock()
        let started = clock.now
        let deadline = duration.map { started + .milliseconds(Int64($0 * 1000)) }
        var errorsLeft = errors
        var completed = 0
        var messages = 0
        while completed < limit {
            if let deadline, clock.now >= deadline { break }
            let withError = errorsLeft > 0 && shouldFail(index: completed, limit: limit)
            if withError { errorsLeft -= 1 }
            let withMessage = completed == 0
            await workload.checkout(order: completed, fail: withError, message: withMessage)
            if withMessage { messages += 1 }
            completed += 1
            if rate > 0 {
                let eventsSoFar = Double(agent.statistics.capturedTotal)
                let due = started + .milliseconds(Int64(eventsSoFar / rate * 1000))
                if due > clock.now { try? await Task.sleep(until: due, clock: clock) }
            }
        }
        let elapsed = clock.now - started
        let flushed = await agent.close(timeout: .seconds(flushTimeout))
        progress?.stop()
        let statistics = agent.statistics
        let summary = DemoSummary(
            transactions: completed, spans: statistics.captured["span"] ?? 0, errors: errors - errorsLeft,
            messages: messages, captured: statistics.capturedTotal, stored: statistics.stored,
            dropped: statistics.droppedTotal, unsent: flushed.remaining, flushed: flushed.completed,
            seconds: Double(elapsed.components.seconds)
                + Double(elapsed.components.attoseconds) / 1e18)
        FileHandle.standardOutput.write(Data(((json ? summary.json : summary.text) + "\n").utf8))
    }

    /// Spreads the requested errors evenly over the transactions.
    private func shouldFail(index: Int, limit: Int) -> Bool {
        guard limit != Int.max else { return true }
        let every = max(1, limit / max(1, errors))
        return index % every == every - 1 || index == limit - 1
    }
}
