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
import APMTransport

/// The queue as the flush's sender sees it: an ``EventQueueReader`` whose counter reports
/// also feed a ``FlushProgress``, so the command can show what this process sent.
final class CountingQueueReader: QueueReader {
    private let base: EventQueueReader
    private let progress: FlushProgress

    init(_ base: EventQueueReader, progress: FlushProgress) {
        self.base = base
        self.progress = progress
    }

    func claim(maxBytes: Int, maxEvents: Int) throws -> ClaimedBlocks? {
        try base.claim(maxBytes: maxBytes, maxEvents: maxEvents)
    }

    func acknowledge(_ ids: [Int64]) throws {
        try base.acknowledge(ids)
    }

    func release(_ ids: [Int64]) throws {
        try base.release(ids)
    }

    func settleRejected(blocks ids: [Int64], rejected: [RejectedLine], status: Int) throws {
        try base.settleRejected(blocks: ids, rejected: rejected, status: status)
    }

    func dropLeadingLines(_ lines: Int, ofBlock id: Int64) throws -> StoredBlock? {
        try base.dropLeadingLines(lines, ofBlock: id)
    }

    func split(_ id: Int64) throws -> [StoredBlock] {
        try base.split(id)
    }

    func mergeWaitingBlocks(limit: Int) throws -> MergeStep {
        try base.mergeWaitingBlocks(limit: limit)
    }

    func addCounters(_ deltas: [String: Int64]) throws {
        try base.addCounters(deltas)
        progress.add(deltas)
    }

    func pendingCount() throws -> Int {
        try base.pendingCount()
    }

    func blockIDBounds() throws -> (oldest: Int64, newest: Int64)? {
        try base.blockIDBounds()
    }
}
