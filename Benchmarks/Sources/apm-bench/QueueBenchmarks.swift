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

/// The writer thread's sustained commit rate beside the raw batched-insert rate of the same rows.
enum QueueBenchmarks {
    static func run(queueDirectory: URL, events: Int) throws -> [Measurement] {
        // Writer: hand over as fast as possible, time until everything is committed.
        let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "writer")
        let clock = ContinuousClock()
        let start = clock.now
        _ = agent.benchmarkHandOff(count: events)
        _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(300))
        let writerSeconds = (clock.now - start).nanoseconds / 1e9
        let dropped = agent.statistics.droppedTotal
        agent.close(timeout: .seconds(60))
        let writerRate = Double(events - dropped) / writerSeconds

        // Raw: the same rows appended straight to a fresh queue in batches of 1 000.
        let path = queueDirectory.appending(path: "raw.sqlite").path
        let sample =
            try QueueFileBenchmarking.oldestLine(path: queueDirectory.appending(path: "writer.sqlite").path)
            ?? Array("{}".utf8)
        let rawStart = clock.now
        try QueueFileBenchmarking.append(
            path: path, metadata: Array("{\"metadata\":{}}".utf8), line: sample, kind: "span",
            count: events / 1000 * 1000, perTransaction: 1000)
        let rawSeconds = (clock.now - rawStart).nanoseconds / 1e9
        let rawRate = Double(events) / rawSeconds
        let share = writerRate / rawRate
        return [
            Measurement(
                name: "writer: events/s committed to SQLite", value: writerRate, unit: "/s",
                goal: "≥ 80% of raw", met: share >= 0.8, dropped: dropped,
                note: String(format: "%.0f%% of raw", share * 100)),
            Measurement(
                name: "raw SQLite batched insert (same rows, 1 000/txn)", value: rawRate, unit: "/s",
                goal: "-", met: nil, dropped: 0, note: "\(sample.count) B/row"),
        ]
    }
}
