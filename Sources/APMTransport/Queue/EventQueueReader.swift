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

/// The sender's view of the SQLite queue file: claims blocks under a lease owned by this sender
/// and applies the server's answers to them.
///
/// The queue connection is opened lazily on first use, so it happens on the sender thread,
/// never on the thread that creates the reader.
package final class EventQueueReader: QueueReader {
    private let path: String
    private let options: QueueOptions
    private let owner: String
    private let lease: Duration
    private var opened: EventQueue?

    /// A reader of the queue file at `path`.
    ///
    /// - Parameters:
    ///   - owner: the lease owner id; unique per sender (e.g. host, pid and a random part).
    ///   - lease: how long claimed blocks stay reserved; longer than the slowest request, so a
    ///     crashed sender's blocks are claimed again after it.
    package init(path: String, options: QueueOptions, owner: String, lease: Duration) {
        self.path = path
        self.options = options
        self.owner = owner
        self.lease = lease
    }

    private func queue() throws(QueueError) -> EventQueue {
        if let opened { return opened }
        let queue = try EventQueue(path: path, options: options)
        opened = queue
        return queue
    }

    package func claim(maxBytes: Int, maxEvents: Int) throws -> ClaimedBlocks? {
        try queue().claimBlocks(owner: owner, maxBytes: maxBytes, maxEvents: maxEvents, lease: lease, now: EventQueue.now())
    }

    package func acknowledge(_ ids: [Int64]) throws {
        _ = try queue().acknowledgeBlocks(ids, owner: owner)
    }

    package func release(_ ids: [Int64]) throws {
        _ = try queue().releaseBlocks(ids, owner: owner)
    }

    package func settleRejected(blocks ids: [Int64], rejected: [RejectedLine], status: Int) throws {
        _ = try queue().settleRejected(blocks: ids, rejected: rejected, status: status, owner: owner, now: EventQueue.now())
    }

    package func dropLeadingLines(_ lines: Int, ofBlock id: Int64) throws -> StoredBlock? {
        try queue().dropLeadingLines(lines, ofBlock: id, owner: owner)
    }

    package func split(_ id: Int64) throws -> [StoredBlock] {
        try queue().splitBlock(id, owner: owner)
    }

    package func mergeWaitingBlocks(limit: Int) throws -> MergeStep {
        try queue().mergeWaitingBlocks(now: EventQueue.now(), limit: limit)
    }

    package func addCounters(_ deltas: [String: Int64]) throws {
        try queue().addCounters(deltas)
    }

    package func pendingCount() throws -> Int {
        try queue().pendingEventCount()
    }

    package func blockIDBounds() throws -> (oldest: Int64, newest: Int64)? {
        try queue().blockIDBounds()
    }

    /// Closes the queue connection (the next call reopens it).
    package func close() {
        opened?.close()
        opened = nil
    }
}
