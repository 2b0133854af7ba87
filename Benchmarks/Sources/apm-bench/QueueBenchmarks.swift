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

/// The writer thread's sustained commit rate below and at the disk cap, beside the raw
/// batched-insert rate of the same rows, and what a stored event costs on disk during an outage.
enum QueueBenchmarks {
    static func run(queueDirectory: URL, events: Int, outageSeconds: Int) throws -> [Measurement] {
        let clock = ContinuousClock()
        // Writer: hand over as fast as possible, time until everything is committed. Nothing listens
        // at the agent's server URL, so this is also an outage: the sender backs off and merges.
        let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "writer")
        let path = queueDirectory.appending(path: "writer.sqlite").path
        let (writerRate, dropped) = Self.writerRate(agent, events: events, clock: clock)
        agent.closeBlocking(timeout: .seconds(60))

        // The same, with a disk cap far below the events' size: the writer evicts as it goes.
        let capped = CaptureBenchmarks.makeAgent(queueDirectory, name: "capped", maxBytes: 4 << 20)
        let (cappedRate, cappedDropped) = Self.writerRate(capped, events: events, clock: clock)
        capped.closeBlocking(timeout: .seconds(60))
        let cappedPath = queueDirectory.appending(path: "capped.sqlite").path
        let cappedDisk = QueueFileBenchmarking.diskBytes(path: cappedPath)

        // Raw: the same rows inserted one row per event into a plain SQLite table, 1 000 per transaction.
        let sample = try QueueFileBenchmarking.oldestLine(path: path) ?? Array("{}".utf8)
        let rawRate = try RawRowInsert.rate(
            path: queueDirectory.appending(path: "raw.sqlite").path, line: sample, count: events, perTransaction: 1000)
        let share = writerRate / rawRate
        let capShare = cappedRate / writerRate
        return [
            Measurement(
                name: "writer: events/s committed to SQLite", value: writerRate, unit: "/s",
                goal: "-", met: nil, dropped: dropped,
                note: String(format: "%.0f%% of raw", share * 100)),
            Measurement(
                name: "writer at a 4 MiB cap (evicting)", value: cappedRate, unit: "/s",
                goal: "≥ 80% of below", met: capShare >= 0.8, dropped: cappedDropped,
                note: String(
                    format: "%.0f%% of the rate below the cap; file+WAL+shm %.1f MiB", capShare * 100,
                    Double(cappedDisk) / 1_048_576)),
            Measurement(
                name: "raw SQLite row insert (same rows, 1 000/txn)", value: rawRate, unit: "/s",
                goal: "-", met: nil, dropped: 0, note: "\(sample.count) B/row"),
            try OutageStorageBenchmark.run(
                queueDirectory: queueDirectory, seconds: outageSeconds, transactionsPerSecond: 4_000),
        ]
    }

    /// Hands `events` spans to `agent` as fast as possible and returns the committed events per
    /// second until the writer has stored them all, and the drops.
    private static func writerRate(_ agent: APMAgent, events: Int, clock: ContinuousClock) -> (Double, Int) {
        let start = clock.now
        _ = agent.benchmarkHandOff(count: events)
        _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(300))
        let seconds = (clock.now - start).nanoseconds / 1e9
        let dropped = agent.statistics.droppedTotal
        return (Double(events - dropped) / seconds, dropped)
    }
}
