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

/// Peak RSS of the agent under the end-to-end load: one application workload (transactions of
/// 10 spans, in bursts the writer absorbs) run in two child processes of apm-bench, one with the
/// agent delivering to the parent's counting sink and one with the agent disabled. Each child
/// reports its peak resident set (`VmHWM`); the difference is what the agent costs.
enum MemoryBenchmarks {
    /// `--child` values.
    static let agentChild = "rss-agent"
    static let disabledChild = "rss-disabled"

    private static let transactions = 30_000
    private static let spansPerTransaction = 10
    private static let burst = 100

    /// What a child prints on its last line: `rss VMHWM_KIB DROPPED CAPTURED`.
    struct ChildReport {
        var peakKiB: Int
        var dropped: Int
        var captured: Int
    }

    static func run(queueDirectory: URL) throws -> [Measurement] {
        let sink = try CountingSink()
        defer { sink.shutdown() }
        let agent = try runChild(agentChild, sinkURL: sink.url, queueDirectory: queueDirectory)
        let delivered = sink.events
        let disabled = try runChild(disabledChild, sinkURL: sink.url, queueDirectory: queueDirectory)
        let agentMiB = Double(agent.peakKiB) / 1024
        let disabledMiB = Double(disabled.peakKiB) / 1024
        let above = agentMiB - disabledMiB
        let events = transactions * (1 + spansPerTransaction)
        return [
            Measurement(
                name: "peak RSS, agent delivering end to end", value: agentMiB, unit: "MiB", goal: "-", met: nil,
                dropped: agent.dropped, note: "\(agent.captured) captured, \(delivered) delivered"),
            Measurement(
                name: "peak RSS, same workload, agent disabled", value: disabledMiB, unit: "MiB", goal: "-",
                met: nil, dropped: disabled.dropped, note: "the same \(events) events' worth of calls"),
            Measurement(
                name: "peak RSS of the agent (difference)", value: above, unit: "MiB", goal: "≤ 25 MiB",
                met: above <= 25 && agent.dropped == 0 && delivered >= events, dropped: agent.dropped,
                note: "VmHWM of two child processes"),
        ]
    }

    /// Runs `apm-bench --child MODE SINKURL DIRECTORY` and parses its report.
    private static func runChild(_ mode: String, sinkURL: String, queueDirectory: URL) throws -> ChildReport {
        let fields = try BenchChild.run(["--child", mode, sinkURL, queueDirectory.path], reportPrefix: "rss", count: 3)
        return ChildReport(peakKiB: fields[0], dropped: fields[1], captured: fields[2])
    }

    /// The child's body: the workload, then (agent) everything delivered, then the report.
    static func child(mode: String, sinkURL: String, queueDirectory: URL) {
        var configuration = APMAgent.Configuration(serviceName: "bench")
        configuration.enabled = mode == agentChild
        configuration.queuePath = queueDirectory.appending(path: "rss-\(UUID().uuidString).sqlite").path
        configuration.serverURL = sinkURL
        configuration.logLevel = .error
        configuration.centralConfig = false
        configuration.spanCompressionEnabled = false
        let agent = APMAgent(configuration: configuration, environment: [:])
        for _ in 0..<(transactions / burst) {
            for _ in 0..<burst {
                let transaction = agent.beginTransaction(type: "request", name: "GET /users/:id")
                for _ in 0..<spansPerTransaction {
                    transaction.beginSpan("SELECT FROM users", type: "db.postgresql.query").end()
                }
                agent.endTransaction(result: "HTTP 2xx")
            }
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        _ = agent.flushBlocking(timeout: .seconds(120))
        let statistics = agent.statistics
        agent.closeBlocking(timeout: .seconds(10))
        print("rss \(peakResidentKiB()) \(statistics.droppedTotal) \(statistics.capturedTotal)")
    }

    /// `VmHWM` from /proc/self/status (KiB), 0 if unreadable.
    static func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
