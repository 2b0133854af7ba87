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

import APMStore
import Logging
import Synchronization
import Testing
@testable import ElasticAPM

/// How the writer thread turns the hand-off into commits.
@Suite("Writer commits")
struct WriterCommitTests {
    /// Records the size of every append, and keeps the lines in memory.
    final class RecordingStore: QueueWriter, Sendable {
        let inner = InMemoryQueueWriter()
        let appends = Mutex<[(events: Int, bytes: Int)]>([])

        func registerMetadata(_ line: [UInt8], createdAt: Int64) throws -> Int64 {
            try inner.registerMetadata(line, createdAt: createdAt)
        }

        func append(_ batch: EventBatch, metadataID: Int64) throws {
            appends.withLock { $0.append((batch.count, batch.rawSize)) }
            try inner.append(batch, metadataID: metadataID)
        }

        func addCounters(_ deltas: [String: Int64]) throws { try inner.addCounters(deltas) }

        func pendingCount() throws -> Int { try inner.pendingCount() }
    }

    @Test("a backlog is stored in commits of bounded size, every event once and in order")
    func backlogInBoundedCommits() throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let pipeline = EventPipeline(memoryLimit: 1 << 30, commitInterval: .milliseconds(1), logger: logger)
        // Submitted before the writer starts: one backlog of 10 000 events (~1.7 MiB of lines).
        let count = 10_000
        for index in 0..<count {
            let event = CapturedEvent.metricset(
                MetricsetEvent(
                    timestamp: Int64(index), tags: [("padding", .string(String(repeating: "p", count: 100)))],
                    samples: [MetricSample("index", Double(index))]))
            #expect(pipeline.submit(event))
        }
        let store = RecordingStore()
        pipeline.start(settings: { AgentSettings() }) {
            EventPipeline.Environment(store: store, metadataID: 0, tap: nil)
        }
        #expect(pipeline.flush(timeout: .seconds(30)))
        pipeline.stop(timeout: .seconds(30))

        let appends = store.appends.withLock { $0 }
        #expect(appends.reduce(0) { $0 + $1.events } == count)
        #expect(appends.count >= 3)
        for append in appends {
            #expect(append.events <= EventPipeline.commitEventLimit)
            // A commit ends at the first line that reaches the byte limit.
            #expect(append.bytes < EventPipeline.commitByteLimit + 1_000)
        }
        let timestamps = store.inner.events.map(\.createdAt)
        #expect(timestamps == (0..<count).map(Int64.init))
    }
}
