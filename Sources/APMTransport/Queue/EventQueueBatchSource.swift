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

/// The sender's view of the SQLite queue: claims batches under a lease owned by this sender and
/// applies the server's answers to the rows.
///
/// The queue connection is opened lazily on first use, so it happens on the sender thread,
/// never on the thread that creates the source.
package final class EventQueueBatchSource: IntakeBatchSource {
    private let path: String
    private let options: QueueOptions
    private let owner: String
    private let lease: Duration
    private var opened: EventQueue?

    /// A source over the queue file at `path`.
    ///
    /// - Parameters:
    ///   - owner: the lease owner id; unique per sender (e.g. host, pid and a random part).
    ///   - lease: how long claimed rows stay reserved; longer than the slowest request, so a
    ///     crashed sender's rows are claimed again after it.
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

    package func claim(maxEvents: Int, maxBytes: Int) throws -> IntakeBatch? {
        guard
            let batch = try queue().claim(
                owner: owner, maxEvents: maxEvents, maxBytes: maxBytes, lease: lease,
                now: EventQueue.now())
        else { return nil }
        return IntakeBatch(
            metadata: batch.metadata,
            events: batch.events.map { IntakeBatchEvent(id: $0.id, kind: $0.kind, line: $0.body) })
    }

    package func acknowledge(_ ids: [Int64]) throws {
        try queue().acknowledge(ids, owner: owner)
    }

    package func release(_ ids: [Int64]) throws {
        try queue().release(ids, owner: owner)
    }

    package func deadLetter(_ ids: [Int64], status: Int, reasons: [Int64: String]) throws {
        try queue().deadLetter(ids, owner: owner, status: status, reasons: reasons, now: EventQueue.now())
    }

    package func addCounters(_ deltas: [String: Int64]) throws {
        try queue().addCounters(deltas)
    }

    package func pendingCount() throws -> Int {
        try queue().pendingEventCount()
    }

    package func newestID() throws -> Int64? {
        try queue().eventIDBounds()?.newest
    }

    package func oldestPendingID() throws -> Int64? {
        try queue().eventIDBounds()?.oldest
    }

    /// Closes the queue connection (the next call reopens it).
    package func close() {
        opened?.close()
        opened = nil
    }
}
