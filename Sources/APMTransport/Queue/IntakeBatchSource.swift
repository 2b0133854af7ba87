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

/// The persistent queue the sender drains.
///
/// Every method is called only from the sender thread, one call at a time, so an
/// implementation needs no locking of its own for the sender's sake.
package protocol IntakeBatchSource: AnyObject {
    /// Leases the oldest rows that nobody else holds, all sharing one metadata id, to this
    /// sender and returns them; `nil` when nothing is claimable.
    ///
    /// - Parameters:
    ///   - maxEvents: The most rows to return.
    ///   - maxBytes: The budget for the rows' uncompressed line bytes; the first row is
    ///     returned even when it alone exceeds the budget.
    func claim(maxEvents: Int, maxBytes: Int) throws -> IntakeBatch?
    /// Deletes rows the server accepted.
    func acknowledge(_ ids: [Int64]) throws
    /// Clears the lease of rows that must be retried and counts one more attempt for each.
    func release(_ ids: [Int64]) throws
    /// Moves rows the server rejected for good out of the queue, keeping them for inspection.
    ///
    /// - Parameters:
    ///   - ids: The rejected rows.
    ///   - status: The HTTP status of the rejecting response.
    ///   - reasons: The server's message for each row, where one is known.
    func deadLetter(_ ids: [Int64], status: Int, reasons: [Int64: String]) throws
    /// Adds the given deltas to the persisted agent-health counters.
    func addCounters(_ deltas: [String: Int64]) throws
    /// The number of rows still waiting in the queue, leased or not.
    func pendingCount() throws -> Int
    /// The highest row id in the queue now, or `nil` when it is empty.
    func newestID() throws -> Int64?
    /// The lowest row id still in the queue, leased or not, or `nil` when it is empty.
    func oldestPendingID() throws -> Int64?
}
