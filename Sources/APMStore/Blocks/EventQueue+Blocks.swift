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

import APMRuntime
import CSQLite

/// The sender's API: claim the oldest blocks of one run, then settle them by the server's answer.
extension EventQueue {
    /// Leases the oldest claimable blocks of the oldest claimable run to `owner` until
    /// `now + lease`, FIFO.
    ///
    /// Claimable: no lease, or a lease that ended at or before `now` (such a block counts one
    /// more attempt). The claim holds blocks of one run only, stops before the bodies would
    /// exceed `maxBytes` or the lines `maxEvents`, and always holds at least one block.
    /// Atomic across processes (BEGIN IMMEDIATE). Returns nil when nothing is claimable.
    /// ``ClaimedBlocks/moreClaimable`` says whether claimable blocks were left (the limits cut
    /// the claim short, or another run waits), so the sender knows a backlog waits.
    package func claimBlocks(
        owner: String, maxBytes: Int, maxEvents: Int, lease: Duration, now: Int64
    ) throws(QueueError) -> ClaimedBlocks? {
        let leaseUntil = Microseconds.adding(now, lease.inMicroseconds)
        return try write { () throws(SQLiteError) -> ClaimedBlocks? in
            guard
                let (metadataID, rows, more) = try claimLocked(
                    owner: owner, leaseUntil: leaseUntil, now: now, maxBytes: maxBytes, maxEvents: maxEvents)
            else { return nil }
            var blocks: [StoredBlock] = []
            blocks.reserveCapacity(rows.count)
            for row in rows {
                do throws(QueueError) { blocks.append(try row.stored()) } catch {
                    throw SQLiteError(code: SQLITE_CORRUPT, message: error.description)
                }
            }
            return ClaimedBlocks(
                metadataID: metadataID, metadata: try metadataBody(metadataID), blocks: blocks,
                leaseOwner: owner, leaseUntil: leaseUntil, moreClaimable: more)
        }
    }

    /// Deletes the blocks of `ids` still leased by `owner` (delivered); returns how many events
    /// they held. Blocks whose lease went to another owner are left alone.
    @discardableResult
    package func acknowledgeBlocks(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            var totals = TotalsDelta()
            let deleted = try runTallying(QueueSQL.acknowledge, [.text(Self.jsonArray(ids)), .text(owner)], into: &totals)
            try applyTotals(totals)
            if deleted > 0 { try housekeepMetadata() }
            return deleted
        }
    }

    /// Gives back the blocks of `ids` leased by `owner` (to retry later): the lease is cleared
    /// and `attempts` incremented. Returns how many blocks were released.
    @discardableResult
    package func releaseBlocks(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            try connection.execute(QueueSQL.release, [.text(Self.jsonArray(ids)), .text(owner)])
        }
    }

    /// Partial acceptance: the server indexed every line of the blocks `ids` except `rejected`.
    /// In one transaction, the rejected lines move to `dead_letters` (decoded, with kind,
    /// `status` and reason; then trimmed to `deadLetterLimit`) and the blocks still leased by
    /// `owner` are deleted. Returns how many lines moved to `dead_letters`.
    @discardableResult
    package func settleRejected(
        blocks ids: [Int64], rejected: [RejectedLine], status: Int, owner: String, now: Int64
    ) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        let byBlock = Dictionary(grouping: rejected, by: \.blockID)
        return try write { () throws(SQLiteError) -> Int in
            var moved = 0
            var totals = TotalsDelta()
            for id in ids {
                guard let row = try selectBlock(id), row.leaseOwner == owner else { continue }
                if let lines = byBlock[id], !lines.isEmpty {
                    let decoded = try decodeLocked(row)
                    for rejection in Set(lines).sorted(by: { $0.line < $1.line }) where decoded.indices.contains(rejection.line) {
                        try connection.execute(
                            QueueSQL.insertDeadLetter,
                            [
                                .integer(EventID.make(block: id, line: rejection.line)), .integer(row.metadataID),
                                .text(row.kind),
                                .integer(row.firstCreatedAt), .integer(now), .integer(Int64(status)), .string(rejection.reason),
                                .blob(decoded[rejection.line]),
                            ])
                        moved += 1
                    }
                }
                try runTallying(QueueSQL.deleteBlock, [.integer(id)], into: &totals)
            }
            try applyTotals(totals)
            if moved > 0 { try capDeadLetters() }
            try housekeepMetadata()
            return moved
        }
    }

    /// The first `lines` lines of block `id` were indexed (a 503 whose `accepted` ends inside
    /// the block): the block keeps only the remaining lines (compressed again), still leased.
    /// Returns the block as it is now, or nil when no line remains (the block is deleted) or
    /// `owner` does not hold it.
    package func dropLeadingLines(_ lines: Int, ofBlock id: Int64, owner: String) throws(QueueError) -> StoredBlock? {
        try write { () throws(SQLiteError) -> StoredBlock? in
            guard let row = try selectBlock(id), row.leaseOwner == owner else { return nil }
            let decoded = try decodeLocked(row)
            guard lines > 0 else { return try storedLocked(row) }
            guard lines < decoded.count else {
                var totals = TotalsDelta()
                try runTallying(QueueSQL.deleteBlock, [.integer(id)], into: &totals)
                try applyTotals(totals)
                try housekeepMetadata()
                return nil
            }
            let updated = try replaceLinesLocked(row, with: Array(decoded[lines...]))
            return try storedLocked(updated)
        }
    }

    /// Splits block `id` (too large for one request) into two blocks holding the first and the
    /// second half of its lines, both still leased to `owner`, and returns them. FIFO is kept:
    /// the second half takes an id between the block and the next appended one (ids of appended
    /// blocks leave gaps for this); when there is no gap left it goes to the end of the queue.
    /// A block of one line cannot be split: it is returned as it is.
    package func splitBlock(_ id: Int64, owner: String) throws(QueueError) -> [StoredBlock] {
        try write { () throws(SQLiteError) -> [StoredBlock] in
            guard let row = try selectBlock(id), row.leaseOwner == owner else { return [] }
            let decoded = try decodeLocked(row)
            guard decoded.count > 1 else { return [try storedLocked(row)] }
            let half = decoded.count / 2
            let tail = Array(decoded[half...])
            let first = try replaceLinesLocked(row, with: Array(decoded[..<half]))
            let encoded = try encodeLocked(tail, level: Gzip.storeLevel)
            let gap = id & -id  // the largest power of two dividing id: free ids follow it
            var second = row
            second.body = encoded.body
            second.encoding = .gzip
            second.events = tail.count
            second.rawSize = encoded.rawSize
            second.size = encoded.body.count
            let freeID = gap >= 2 && id > 0 ? id + gap / 2 : nil
            let taken = try freeID.map { (candidate) throws(SQLiteError) -> Bool in try selectBlock(candidate) != nil } ?? true
            second.id = taken ? (try connection.queryInt("SELECT COALESCE(MAX(id), 0) + 1 FROM blocks") ?? 1) : freeID!
            try connection.execute(
                QueueSQL.insertBlockWithID,
                [
                    .integer(second.id), .integer(row.metadataID), .text(row.kind), .integer(row.eventClass), .integer(row.flags),
                    .integer(Int64(second.events)), .integer(Int64(second.rawSize)), .integer(Int64(second.size)),
                    .integer(row.firstCreatedAt), .integer(row.lastCreatedAt), .integer(Int64(row.attempts)),
                    .string(row.leaseOwner), .int(row.leaseUntil), .blob(second.body),
                ])
            var totals = TotalsDelta()
            totals.add(
                kind: row.kind, events: Int64(second.events), size: Int64(second.size), rawSize: Int64(second.rawSize), sign: 1)
            try applyTotals(totals)
            return [try storedLocked(first), try storedLocked(second)]
        }
    }

    /// Events in all blocks, leased or not, from the running per-kind totals: no table scan.
    package func pendingEventCount() throws(QueueError) -> Int {
        try read { () throws(SQLiteError) -> Int in
            Int(try connection.queryInt(QueueSQL.pendingEvents) ?? 0)
        }
    }

    /// The lowest and highest block ids in the queue (leased or not), nil when it is empty.
    package func blockIDBounds() throws(QueueError) -> (oldest: Int64, newest: Int64)? {
        try read { () throws(SQLiteError) -> (oldest: Int64, newest: Int64)? in
            try connection.withStatement(QueueSQL.blockBounds) {
                (statement) throws(SQLiteError) -> (oldest: Int64, newest: Int64)? in
                guard try statement.step(), let oldest = statement.optionalInt64(0), let newest = statement.optionalInt64(1)
                else { return nil }
                return (oldest, newest)
            }
        }
    }

    // MARK: Inside a write transaction

    /// Reclaims expired leases, finds the oldest claimable run and leases its first blocks while
    /// their bodies fit in `maxBytes` and their lines in `maxEvents` (the first block always).
    /// Returns the run and the leased rows (bodies included).
    private func claimLocked(
        owner: String, leaseUntil: Int64, now: Int64, maxBytes: Int, maxEvents: Int
    ) throws(SQLiteError) -> (Int64, [BlockRow], moreClaimable: Bool)? {
        try connection.execute(QueueSQL.reclaimExpired, [.integer(now)])
        guard let metadataID = try oldestClaimableRun() else { return nil }
        let rows = try connection.withStatement(QueueSQL.claimableOfRun) { (statement) throws(SQLiteError) -> [BlockRow] in
            try statement.bind([.integer(metadataID), .integer(4096)])
            var rows: [BlockRow] = []
            var bytes = 0
            var events = 0
            while try statement.step() {
                let size = statement.int(4)
                let rawSize = statement.int(3)
                let lines = statement.int(2)
                let encoding = BlockEncoding(rawValue: statement.int64(6)) ?? .gzip
                // An identity block is sent compressed: count it at about a tenth of its size.
                let sent = encoding == .identity ? max(32, rawSize / 10) : size
                if !rows.isEmpty && (bytes + sent > maxBytes || events + lines > maxEvents) { break }
                bytes += sent
                events += lines
                rows.append(
                    BlockRow(
                        id: statement.int64(0), metadataID: metadataID, kind: statement.text(1), eventClass: 0,
                        flags: statement.int64(5), encoding: encoding, events: lines, rawSize: rawSize, size: size,
                        firstCreatedAt: statement.int64(8), lastCreatedAt: statement.int64(8), attempts: statement.int(7),
                        leaseOwner: owner, leaseUntil: leaseUntil, body: statement.blob(9)
                    ))
            }
            return rows
        }
        guard let first = rows.first, let last = rows.last else { return nil }
        let leased = try connection.execute(
            QueueSQL.leaseRun,
            [.text(owner), .integer(leaseUntil), .integer(metadataID), .integer(first.id), .integer(last.id)]
        )
        guard leased == rows.count else {
            throw SQLiteError(code: SQLITE_INTERNAL, message: "claim leased \(leased) blocks, expected \(rows.count)")
        }
        return (metadataID, rows, try oldestClaimableRun() != nil)
    }

    /// The run whose oldest unleased block is the oldest of all, or nil when every block is leased.
    private func oldestClaimableRun() throws(SQLiteError) -> Int64? {
        try connection.withStatement(QueueSQL.oldestClaimable) { (statement) throws(SQLiteError) -> Int64? in
            guard try statement.step() else { return nil }
            return statement.int64(0)
        }
    }

    func metadataBody(_ metadataID: Int64) throws(SQLiteError) -> [UInt8] {
        let metadata = try connection.withStatement(QueueSQL.metadataBody) { (statement) throws(SQLiteError) -> [UInt8]? in
            try statement.bind([.integer(metadataID)])
            return try statement.step() ? statement.blob(0) : nil
        }
        guard let metadata else {
            throw SQLiteError(code: SQLITE_CORRUPT, message: "metadata row \(metadataID) is missing")
        }
        return metadata
    }

    func selectBlock(_ id: Int64) throws(SQLiteError) -> BlockRow? {
        try connection.withStatement(QueueSQL.selectBlock) { (statement) throws(SQLiteError) -> BlockRow? in
            try statement.bind([.integer(id)])
            return try statement.step() ? BlockRow(statement) : nil
        }
    }

    /// The lines of `row`; a damaged body fails the transaction as SQLITE_CORRUPT.
    func decodeLocked(_ row: BlockRow) throws(SQLiteError) -> [[UInt8]] {
        do { return try row.lines() } catch { throw SQLiteError(code: SQLITE_CORRUPT, message: error.description) }
    }

    func storedLocked(_ row: BlockRow) throws(SQLiteError) -> StoredBlock {
        do { return try row.stored() } catch { throw SQLiteError(code: SQLITE_CORRUPT, message: error.description) }
    }

    func encodeLocked(_ lines: [[UInt8]], level: Int32) throws(SQLiteError) -> (body: [UInt8], rawSize: Int) {
        do { return try BlockCodec.encode(lines, level: level) } catch {
            throw SQLiteError(code: SQLITE_ERROR, message: error.description)
        }
    }

    /// Rewrites block `row` to hold `lines` (one gzip member), keeping its id, lease and
    /// attempts, and updates the totals. Returns the row as it is now.
    @discardableResult
    func replaceLinesLocked(
        _ row: BlockRow, with lines: [[UInt8]], level: Int32 = Gzip.storeLevel,
        firstCreatedAt: Int64? = nil, lastCreatedAt: Int64? = nil
    ) throws(SQLiteError) -> BlockRow {
        let encoded = try encodeLocked(lines, level: level)
        var updated = row
        updated.body = encoded.body
        updated.encoding = .gzip
        updated.events = lines.count
        updated.rawSize = encoded.rawSize
        updated.size = encoded.body.count
        updated.firstCreatedAt = firstCreatedAt ?? row.firstCreatedAt
        updated.lastCreatedAt = lastCreatedAt ?? row.lastCreatedAt
        try connection.execute(
            QueueSQL.replaceBody,
            [
                .integer(row.id), .blob(updated.body), .integer(Int64(updated.events)), .integer(Int64(updated.rawSize)),
                .integer(Int64(updated.size)), .integer(updated.firstCreatedAt), .integer(updated.lastCreatedAt),
            ])
        var totals = TotalsDelta()
        totals.add(kind: row.kind, events: Int64(row.events), size: Int64(row.size), rawSize: Int64(row.rawSize), sign: -1)
        totals.add(
            kind: row.kind, events: Int64(updated.events), size: Int64(updated.size), rawSize: Int64(updated.rawSize), sign: 1)
        try applyTotals(totals)
        return updated
    }
}
