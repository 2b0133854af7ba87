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

import Dispatch
@_spi(Benchmarking) import ElasticAPM
import Foundation
import Synchronization

/// `apm-bench [--only capture|tracer|otel|logging|queue|metrics|delivery|memory|stacks|spans|overhead] [--json FILE]`:
/// the agent's performance figures, printed as a table and written as JSON. `--spans N` (with `--only spans`),
/// `--events N` and `--backlog N` shrink the profile, sustained and backlog runs for profilers; `--rounds N`,
/// `--seconds N` and `--connections N` shape the overhead run (default 3, 10, 16); `--outage-seconds N` the outage
/// of the bytes-per-event row (default 60); `--child MODE SINKURL DIRECTORY` is
/// the memory benchmark's child process, `--stack-trace-child` the stack-trace benchmark's and
/// `--overhead-server MODE SINKURL DIRECTORY` the overhead benchmark's server.
/// Every capture figure is shown beside the events dropped during its run: a figure with drops
/// does not count.
@main
struct BenchCommand {
    static func main() throws {
        let arguments = CommandLine.arguments
        if let child = arguments.firstIndex(of: "--child"), arguments.count > child + 3 {
            // A child process of the memory benchmark: MODE SINKURL DIRECTORY.
            MemoryBenchmarks.child(
                mode: arguments[child + 1], sinkURL: arguments[child + 2],
                queueDirectory: URL(filePath: arguments[child + 3]))
            return
        }
        if arguments.contains(StackTraceBenchmarks.childFlag) {
            StackTraceBenchmarks.child()
            return
        }
        if let server = arguments.firstIndex(of: "--overhead-server"), arguments.count > server + 3 {
            // A child process of the overhead benchmark: MODE SINKURL DIRECTORY.
            let done = DispatchSemaphore(value: 0)
            let failure = Mutex<(any Error)?>(nil)
            // Detached: `main` runs on the main actor, which the semaphore blocks.
            Task.detached {
                do {
                    try await OverheadServer.run(
                        mode: arguments[server + 1], sinkURL: arguments[server + 2],
                        queueDirectory: URL(filePath: arguments[server + 3]))
                } catch {
                    failure.withLock { $0 = error }
                }
                done.signal()
            }
            done.wait()
            if let error = failure.withLock({ $0 }) { throw error }
            return
        }
        let jsonPath = arguments.firstIndex(of: "--json").map { arguments[$0 + 1] } ?? "benchmark-results.json"
        let scratch = FileManager.default.temporaryDirectory.appending(path: "apm-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
        // Smaller runs for profilers: `--events N` (sustained runs, default 300 000), `--backlog N` (default 1 000 000).
        let events = arguments.firstIndex(of: "--events").flatMap { Int(arguments[$0 + 1]) } ?? 300_000
        let backlog = arguments.firstIndex(of: "--backlog").flatMap { Int(arguments[$0 + 1]) } ?? 1_000_000
        // The outage during which bytes per stored event are measured (`--outage-seconds N`, default 60).
        let outageSeconds = arguments.firstIndex(of: "--outage-seconds").flatMap { Int(arguments[$0 + 1]) } ?? 60
        var results: [Measurement] = []
        if only == nil || only == "capture" { results.append(contentsOf: CaptureBenchmarks.run(queueDirectory: scratch)) }
        if only == nil || only == "tracer" { results.append(contentsOf: TracerBenchmarks.run(queueDirectory: scratch)) }
        if only == "spans" {
            // For profilers: N span begin+end pairs, then N / 10 transactions with 10 spans
            // (`--spans N`, default 20 000); no rows.
            let count = arguments.firstIndex(of: "--spans").flatMap { Int(arguments[$0 + 1]) } ?? 20_000
            CaptureBenchmarks.profile(queueDirectory: scratch, count: count)
        }
        if only == "tracer-spans" {
            // For profilers: N agent API spans, N tracer spans, N / 10 agent API and N / 10 middleware-shaped
            // transactions (`--spans N`, default 20 000); no rows.
            let count = arguments.firstIndex(of: "--spans").flatMap { Int(arguments[$0 + 1]) } ?? 20_000
            TracerBenchmarks.profile(queueDirectory: scratch, count: count)
        }
        if only == nil || only == "otel" { results.append(contentsOf: try OTelBenchmarks.run()) }
        if only == nil || only == "logging" { results.append(contentsOf: LoggingBenchmarks.run(queueDirectory: scratch)) }
        if only == nil || only == "queue" {
            results.append(
                contentsOf: try QueueBenchmarks.run(queueDirectory: scratch, events: events, outageSeconds: outageSeconds))
        }
        if only == nil || only == "metrics" { results.append(MetricsBenchmarks.run(queueDirectory: scratch)) }
        if only == nil || only == "delivery" {
            results.append(contentsOf: try DeliveryBenchmarks.run(queueDirectory: scratch, events: events, backlog: backlog))
        }
        if only == nil || only == "memory" { results.append(contentsOf: try MemoryBenchmarks.run(queueDirectory: scratch)) }
        if only == nil || only == "stacks" { results.append(contentsOf: try StackTraceBenchmarks.run()) }
        if only == "overhead" {
            // A Hummingbird service under wrk, agent off/on/swift-otel interleaved (~4 minutes; not in the default run).
            let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 3
            let seconds = arguments.firstIndex(of: "--seconds").flatMap { Int(arguments[$0 + 1]) } ?? 10
            let connections = arguments.firstIndex(of: "--connections").flatMap { Int(arguments[$0 + 1]) } ?? 16
            results.append(
                contentsOf: try OverheadBenchmarks.run(
                    queueDirectory: scratch, rounds: rounds, seconds: seconds, connections: connections))
        }

        print(Measurement.header)
        for result in results { print(result.row) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(filePath: jsonPath))
        print("\nresults written to \(jsonPath)")
    }
}
