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

/// The per-event API over blocks: a claim hands out whole blocks as their lines (event ids from
/// ``EventID``), and acknowledging, dead-lettering and releasing work line by line. A block
/// leaves the queue when all its lines are acknowledged or dead-lettered; a release puts back
/// only the lines not yet settled. Kept for senders that work per event; the block API
/// (``claimBlocks(owner:maxBytes:maxEvents:lease:now:)``) is what sends stored bytes.
extension EventQueue {
    /// Leases the oldest claimable blocks of the oldest claimable run to `owner` and returns
    /// their lines: whole blocks, FIFO, at most `maxEvents` lines and `maxBytes` line bytes
    /// (always at least one block). Returns nil when nothing is claimable.
    package func claim(
        owner: String, maxEvents: Int, maxBytes: Int, lease: Duration, now: Int64
    ) throws(QueueError) -> ClaimedBatch? {
        guard maxEvents > 0 else { return nil }
        let leaseUntil = Microseconds.adding(now, lease.inMicroseconds)
        let claimed = try write { () throws(SQLiteError) -> ClaimedBatch? in
            guard
                let (metadataID, rows, _) = try claimLocked(
                    owner: owner, leaseUntil: leaseUntil, now: now,
                    fits: { _, raw, events in
                        raw - events <= maxBytes && events <= maxEvents
                    })
            else { return nil }
            var events: [StoredEvent] = []
            for row in rows {
                for (index, line) in try decodeLocked(row).enumerated() {
                    events.append(
                        StoredEvent(
                            id: EventID.make(block: row.id, line: index), metadataID: metadataID, kind: row.kind,
                            createdAt: row.firstCreatedAt, size: line.count, attempts: row.attempts, body: line
                        ))
                }
            }
            return ClaimedBatch(
                metadataID: metadataID, metadata: try metadataBody(metadataID), events: events,
                leaseOwner: owner, leaseUntil: leaseUntil)
        }
        if let claimed {
            for (block, lines) in Dictionary(grouping: claimed.events, by: { EventID.block($0.id) }) {
                eventLeases[block] = EventLease(owner: owner, lines: lines.count)
            }
        }
        return claimed
    }

    /// Marks the lines `ids` leased by `owner` as delivered; a block whose lines are all settled
    /// is deleted. Returns how many lines were marked (lines of blocks no longer leased by
    /// `owner` are left alone).
    @discardableResult
    package func acknowledge(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        try settleLines(ids, owner: owner, now: 0) { lease, id in
            let line = EventID.line(id)
            guard lease.rejected[line] == nil else { return false }
            return lease.acknowledged.insert(line).inserted
        }
    }

    /// Marks the lines `ids` leased by `owner` as rejected for good (HTTP `status`, a reason per
    /// event id from `reasons`); they move to `dead_letters` when their block is settled.
    /// Returns how many lines were marked.
    @discardableResult
    package func deadLetter(
        _ ids: [Int64], owner: String, status: Int, reasons: [Int64: String], now: Int64
    ) throws(QueueError) -> Int {
        try settleLines(ids, owner: owner, now: now) { lease, id in
            let line = EventID.line(id)
            guard !lease.acknowledged.contains(line), lease.rejected[line] == nil else { return false }
            lease.rejected.updateValue(reasons[id], forKey: line)
            lease.status = status
            return true
        }
    }

    /// Gives back the blocks of the lines `ids` leased by `owner`: lines already acknowledged
    /// leave the block (rejected ones move to `dead_letters`), the rest waits for a new claim with
    /// one more attempt. Returns how many of `ids` were given back.
    @discardableResult
    package func release(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        let byBlock = Dictionary(grouping: Set(ids), by: EventID.block)
        let released = try write { () throws(SQLiteError) -> Int in
            var released = 0
            var blocks: [Int64] = []
            for (block, lines) in byBlock.sorted(by: { $0.key < $1.key }) {
                guard let row = try selectBlock(block), row.leaseOwner == owner else { continue }
                if let lease = eventLeases[block], !lease.acknowledged.isEmpty || !lease.rejected.isEmpty {
                    try writeSettled(row, lease: lease, now: EventQueue.now(), keepRest: true)
                }
                released += lines.count(where: {
                    EventID.line($0) < row.events && eventLeases[block]?.acknowledged.contains(EventID.line($0)) != true
                })
                blocks.append(block)
            }
            if !blocks.isEmpty {
                try connection.execute(QueueSQL.release, [.text(Self.jsonArray(blocks)), .text(owner)])
            }
            return released
        }
        for block in byBlock.keys { eventLeases[block] = nil }
        return released
    }

    /// The lowest and highest event ids in the queue (leased or not), nil when it is empty.
    package func eventIDBounds() throws(QueueError) -> (oldest: Int64, newest: Int64)? {
        try read { () throws(SQLiteError) -> (oldest: Int64, newest: Int64)? in
            guard let oldest = try connection.queryInt("SELECT MIN(id) FROM blocks") else { return nil }
            let newest = try connection.withStatement(QueueSQL.newestBlock) { (statement) throws(SQLiteError) -> Int64? in
                guard try statement.step() else { return nil }
                return EventID.make(block: statement.int64(0), line: max(0, statement.int(1) - 1))
            }
            guard let newest else { return nil }
            return (EventID.make(block: oldest, line: 0), newest)
        }
    }

    // MARK: Settling

    /// Applies `mark` to each line of `ids` whose block `owner` still holds, then writes every
    /// block that is now settled. Returns how many lines `mark` accepted.
    private func settleLines(
        _ ids: [Int64], owner: String, now: Int64, mark: (inout EventLease, Int64) -> Bool
    ) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        let byBlock = Dictionary(grouping: ids, by: EventID.block)
        return try write { () throws(SQLiteError) -> Int in
            var marked = 0
            for (block, lines) in byBlock.sorted(by: { $0.key < $1.key }) {
                let current = try connection.withStatement(QueueSQL.blockLease) {
                    (statement) throws(SQLiteError) -> (String?, Int)? in
                    try statement.bind([.integer(block)])
                    return try statement.step() ? (statement.optionalText(0), statement.int(1)) : nil
                }
                guard let (leaseOwner, count) = current, leaseOwner == owner else {
                    eventLeases[block] = nil
                    continue
                }
                var lease = eventLeases[block].flatMap { $0.owner == owner ? $0 : nil } ?? EventLease(owner: owner, lines: count)
                for id in lines where EventID.line(id) < count && mark(&lease, id) {
                    marked += 1
                }
                if lease.isSettled, let row = try selectBlock(block) {
                    try writeSettled(row, lease: lease, now: now, keepRest: false)
                    eventLeases[block] = nil
                } else {
                    eventLeases[block] = lease
                }
            }
            return marked
        }
    }

    /// Writes the settled lines of `row`: rejected ones to `dead_letters`; then deletes the
    /// block, or (`keepRest`) keeps only its unsettled lines.
    private func writeSettled(_ row: BlockRow, lease: EventLease, now: Int64, keepRest: Bool) throws(SQLiteError) {
        let lines = try decodeLocked(row)
        for (line, reason) in lease.rejected.sorted(by: { $0.key < $1.key }) where lines.indices.contains(line) {
            try connection.execute(
                QueueSQL.insertDeadLetter,
                [
                    .integer(EventID.make(block: row.id, line: line)), .integer(row.metadataID), .text(row.kind),
                    .integer(row.firstCreatedAt), .integer(now), .integer(Int64(lease.status)), .string(reason),
                    .blob(lines[line]),
                ])
        }
        if !lease.rejected.isEmpty { try capDeadLetters() }
        let rest = lines.indices.filter { !lease.acknowledged.contains($0) && lease.rejected[$0] == nil }.map { lines[$0] }
        var totals = TotalsDelta()
        if keepRest && !rest.isEmpty {
            try replaceLinesLocked(row, with: rest)
        } else {
            try runTallying(QueueSQL.deleteBlock, [.integer(row.id)], into: &totals)
            try applyTotals(totals)
            try housekeepMetadata()
        }
    }
}
