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

/// The writer's view of the agent's SQLite queue file (`APMStore.EventQueue`).
///
/// Opened on the writer thread. Translates queue errors into drop reasons and keeps the
/// agent-health counters in the file so the CLI and the metrics thread can report them.
final class SQLiteQueueWriter: QueueWriter {
    /// The queue (tests reach it to inject faults).
    let queue: EventQueue
    /// When the writer last merged waiting blocks (µs).
    private var lastMerge: Int64 = 0
    /// How often the writer merges blocks that wait (an outage, a slow server), and how many
    /// blocks it looks at each time: bounded work on the writer thread.
    private static let mergeInterval: Int64 = 1_000_000
    private static let mergeLimit = 16

    /// Opens (creating, migrating or quarantining as needed) the queue at `path`.
    init(path: String, settings: AgentSettings, log: @escaping @Sendable (String) -> Void) throws(QueueWriteFailure) {
        let options = QueueOptions(
            maxBytes: settings.queueMaxBytes, maxAge: settings.queueMaxAge,
            durability: settings.queueDurability == .strict ? .strict : .batched)
        do {
            queue = try EventQueue(path: path, options: options, logger: log)
        } catch {
            throw Self.failure(error)
        }
    }

    /// The queue file in use.
    var path: String { queue.path }

    func registerMetadata(_ line: [UInt8], createdAt: Int64) throws -> Int64 {
        do { return try queue.registerMetadata(line, createdAt: createdAt) } catch { throw Self.failure(error) }
    }

    func append(_ batch: EventBatch, metadataID: Int64) throws {
        let now = EventQueue.now()
        do {
            try queue.append(batch, metadataID: metadataID, now: now)
        } catch {
            throw Self.failure(error)
        }
        if now - lastMerge >= Self.mergeInterval {
            lastMerge = now
            // Best effort: a merge that fails leaves the blocks as they were.
            _ = try? queue.mergeWaitingBlocks(now: now, limit: Self.mergeLimit)
        }
    }

    func addCounters(_ deltas: [String: Int64]) throws {
        do { try queue.addCounters(deltas) } catch { throw Self.failure(error) }
    }

    func pendingCount() throws -> Int {
        do { return try queue.pendingEventCount() } catch { throw Self.failure(error) }
    }

    private static func failure(_ error: QueueError) -> QueueWriteFailure {
        switch error {
        case .diskFull: .diskFull
        case .readOnly(let path): .readOnly(path)
        default: .other(error.description)
        }
    }
}
