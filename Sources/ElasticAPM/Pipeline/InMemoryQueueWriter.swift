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
import Synchronization

/// A queue writer that keeps encoded lines in memory instead of a queue file: for tests and for running the agent
/// without a queue file. Thread-safe.
package final class InMemoryQueueWriter: Sendable {
    private struct State {
        var metadata: [[UInt8]] = []
        var events: [(metadataID: Int64, event: EncodedEvent)] = []
        var counters: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty in-memory queue.
    package init() {}

    /// Every metadata line registered, in order.
    package var metadataLines: [[UInt8]] { state.withLock { $0.metadata } }

    /// The agent-health counters the writer persisted (`captured.<kind>`, `dropped.<reason>`).
    package var counters: [String: Int64] { state.withLock { $0.counters } }

    /// Every event stored, in order.
    package var events: [EncodedEvent] { state.withLock { $0.events.map(\.event) } }

    /// The ndjson document the sender would send: each run's metadata line followed by its events.
    package var ndjson: String {
        state.withLock { state in
            var text = ""
            var currentRun: Int64 = -1
            for (runID, event) in state.events {
                if runID != currentRun {
                    currentRun = runID
                    text += String(decoding: state.metadata[Int(runID)], as: UTF8.self) + "\n"
                }
                text += String(decoding: event.line, as: UTF8.self) + "\n"
            }
            return text
        }
    }
}

extension InMemoryQueueWriter: QueueWriter {
    func registerMetadata(_ line: [UInt8], createdAt: Int64) throws -> Int64 {
        state.withLock { state in
            state.metadata.append(line)
            return Int64(state.metadata.count - 1)
        }
    }

    func append(_ batch: EventBatch, metadataID: Int64) throws {
        state.withLock { state in
            batch.forEachLine { kind, unsampled, createdAt, line in
                state.events.append(
                    (
                        metadataID,
                        EncodedEvent(kind: kind, createdAt: createdAt, line: Array(line), isUnsampledTransaction: unsampled)
                    ))
            }
        }
    }

    func addCounters(_ deltas: [String: Int64]) throws {
        state.withLock { state in state.counters.merge(deltas, uniquingKeysWith: +) }
    }

    func pendingCount() throws -> Int {
        state.withLock { $0.events.count }
    }
}
