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

/// The sender's view of the queue: it claims blocks under a lease owned by this sender and
/// applies the server's answers to them.
///
/// Every method is called only from the sender thread, one call at a time, so an
/// implementation needs no locking of its own for the sender's sake.
package protocol QueueReader: AnyObject {
    /// Leases the oldest claimable blocks of the oldest claimable run to this sender.
    ///
    /// - Parameters:
    ///   - maxBytes: The budget for the blocks' stored bytes; the first block is returned even
    ///     when it alone exceeds it.
    ///   - maxEvents: The most events (lines) in all returned blocks, again at least one block.
    /// - Returns: `nil` when nothing is claimable.
    func claim(maxBytes: Int, maxEvents: Int) throws -> ClaimedBlocks?
    /// Deletes blocks whose every line the server accepted.
    func acknowledge(_ ids: [Int64]) throws
    /// Clears the lease of blocks that must be retried and counts one more attempt for each.
    func release(_ ids: [Int64]) throws
    /// Settles blocks the server indexed except for the `rejected` lines, which move to the
    /// dead letters with `status` and their reasons; the blocks leave the queue.
    func settleRejected(blocks ids: [Int64], rejected: [RejectedLine], status: Int) throws
    /// Removes the first `lines` lines of block `id` (the server indexed them) and keeps the rest
    /// leased; returns the shortened block, or `nil` when no line is left.
    func dropLeadingLines(_ lines: Int, ofBlock id: Int64) throws -> StoredBlock?
    /// Splits block `id` into two blocks of half its lines each, in FIFO order and still leased
    /// to this sender; returns them.
    func split(_ id: Int64) throws -> [StoredBlock]
    /// Merges small adjacent blocks that nobody holds into larger ones, looking at most at
    /// `limit` blocks after where the last call stopped; says how many blocks were merged away
    /// and whether a pass over the queue ended.
    func mergeWaitingBlocks(limit: Int) throws -> MergeStep
    /// Adds the given deltas to the persisted agent-health counters.
    func addCounters(_ deltas: [String: Int64]) throws
    /// The number of events still in the queue, leased or not.
    func pendingCount() throws -> Int
    /// The lowest and highest block id in the queue, or `nil` when it is empty.
    func blockIDBounds() throws -> (oldest: Int64, newest: Int64)?
}
