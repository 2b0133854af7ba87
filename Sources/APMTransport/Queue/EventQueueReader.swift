import APMStore

/// The sender's view of the SQLite queue file: claims blocks under a lease owned by this sender
/// and applies the server's answers to them.
///
/// Over the per-event schema (queue v1) every event row is a block of one line whose body is
/// compressed when it is claimed; the block id is the row id.
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
        // Stored bytes are compressed; the rows' budget is in line bytes, about four times as many.
        let lineBudget = maxBytes > Int.max / 4 ? Int.max : maxBytes * 4
        guard let batch = try queue().claim(owner: owner, maxEvents: maxEvents, maxBytes: lineBudget, lease: lease,
                                            now: EventQueue.now())
        else { return nil }
        let blocks = try batch.events.map { event in
            let text = event.body + [UInt8(ascii: "\n")]
            return StoredBlock(
                id: event.id, kind: event.kind, events: 1, rawSize: text.count,
                isUnsampledTransactions: UnsampledTransactionFilter.isUnsampledTransaction(event.body),
                attempts: event.attempts, body: try GzipCompressor.compress(text))
        }
        return ClaimedBlocks(metadataID: batch.metadataID, metadata: batch.metadata, blocks: blocks,
                             leaseOwner: batch.leaseOwner, leaseUntil: batch.leaseUntil)
    }

    package func acknowledge(_ ids: [Int64]) throws {
        try queue().acknowledge(ids, owner: owner)
    }

    package func release(_ ids: [Int64]) throws {
        try queue().release(ids, owner: owner)
    }

    package func settleRejected(blocks ids: [Int64], rejected: [RejectedLine], status: Int) throws {
        var reasons: [Int64: String] = [:]
        for line in rejected {
            reasons[line.blockID] = line.reason ?? "rejected by APM Server"
        }
        let accepted = ids.filter { reasons[$0] == nil }
        if !accepted.isEmpty {
            try queue().acknowledge(accepted, owner: owner)
        }
        if !reasons.isEmpty {
            try queue().deadLetter(Array(reasons.keys).sorted(), owner: owner, status: status, reasons: reasons,
                                   now: EventQueue.now())
        }
    }

    package func dropLeadingLines(_ lines: Int, ofBlock id: Int64) throws -> StoredBlock? {
        // A block of one line: dropping it means the server indexed it.
        guard lines > 0 else { return nil }
        try queue().acknowledge([id], owner: owner)
        return nil
    }

    package func split(_ id: Int64) throws -> [StoredBlock] {
        // A block of one line cannot be split; the sender never asks for it.
        []
    }

    package func mergeWaitingBlocks(limit: Int) throws -> Int {
        0
    }

    package func addCounters(_ deltas: [String: Int64]) throws {
        try queue().addCounters(deltas)
    }

    package func pendingCount() throws -> Int {
        try queue().pendingEventCount()
    }

    package func blockIDBounds() throws -> (oldest: Int64, newest: Int64)? {
        try queue().eventIDBounds()
    }

    /// Closes the queue connection (the next call reopens it).
    package func close() {
        opened?.close()
        opened = nil
    }
}
