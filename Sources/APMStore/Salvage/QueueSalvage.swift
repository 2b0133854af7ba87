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

import CSQLite

/// Reads what it can from a damaged queue file (opened read-only), a little at a time so that
/// one bad page stops only the rows on it: row ids are walked in small ranges, a range that
/// fails is probed row by row, and a failing row is skipped. A block whose gzip data is damaged
/// gives the lines before the damage.
struct QueueSalvage {
    /// A run found in the damaged file.
    struct Run {
        var createdAt: Int64
        var body: [UInt8]
    }

    /// Runs by their old id, and their events in FIFO order, and the counts.
    var runs: [Int64: Run] = [:]
    var events: [Int64: [NewEvent]] = [:]
    /// Dead letters (events APM Server refused, kept for people) by their run's old id, oldest
    /// first.
    var deadLetters: [Int64: [DeadLetter]] = [:]
    var lostEvents = 0
    var lostIsEstimate = false
    var counters: [String: Int64] = [:]

    private let connection: SQLiteConnection
    /// Blocks (or schema-3 rows) whose event count could not be read.
    private var unreadableBlocks = 0
    private var readBlocks = 0
    private var readEvents = 0

    /// Opens `path` read-only and reads everything readable; nil when the file cannot be opened
    /// as a database at all.
    static func read(_ path: String) -> QueueSalvage? {
        guard let connection = try? SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY) else { return nil }
        defer { connection.close() }
        try? connection.setNoCheckpointOnClose(true)
        // A truncated file's header claims more pages than there are: read what is there.
        _ = try? connection.execute("PRAGMA writable_schema = ON")
        var salvage = QueueSalvage(connection: connection)
        salvage.readMetadata()
        if !salvage.readBlocksTable() { salvage.readEventsTable() }
        salvage.readCounters()
        salvage.readDeadLetters()
        if salvage.unreadableBlocks > 0 {
            let average = salvage.readBlocks > 0 ? max(1, salvage.readEvents / salvage.readBlocks) : 1
            salvage.lostEvents += salvage.unreadableBlocks * average
            salvage.lostIsEstimate = true
        }
        return salvage
    }

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Calls `row` for every row of `table` whose id can be read, walking ids in ranges of 64;
    /// returns the number of ids known to exist but unreadable, or nil if the table is missing.
    /// `idsPerRow`: how far apart row ids usually are (to estimate the rows of a skipped range).
    private func walk(_ table: String, columns: String, idsPerRow: Int64 = 1, _ row: (SQLiteStatement) -> Void) -> Int? {
        let range = "SELECT \(columns) FROM \(table) WHERE id > ?1 ORDER BY id LIMIT ?2"
        let ids = "SELECT id FROM \(table) WHERE id > ?1 ORDER BY id LIMIT ?2"
        let one = "SELECT \(columns) FROM \(table) WHERE id = ?1"
        var cursor: Int64 = 0
        var unreadable = 0
        var jump: Int64 = 1
        var failures = 0
        let highest = (try? connection.queryInt("SELECT seq FROM sqlite_sequence WHERE name = '\(table)'")) ?? nil
        while true {
            // A range of whole rows.
            let batch = try? connection.withStatement(range) { (statement) throws(SQLiteError) -> Int64? in
                try statement.bind([.integer(cursor), .integer(64)])
                var last: Int64?
                var rows: [Int64] = []
                while try statement.step() { rows.append(statement.int64(0)); last = statement.int64(0) }
                return last ?? -1
            }
            if let batch {
                if batch < 0 { return unreadable }
                // Read the range again row by row, handing each to `row` (the range read proved it readable).
                _ = try? connection.withStatement(range) { (statement) throws(SQLiteError) -> Void in
                    try statement.bind([.integer(cursor), .integer(64)])
                    while try statement.step() { row(statement) }
                }
                cursor = batch
                jump = 1
                failures = 0
                continue
            }
            if cursor == 0, (try? connection.queryInt("SELECT 1 FROM sqlite_schema WHERE name = '\(table)'")) ?? nil == nil {
                return nil
            }
            // Something in the range is damaged: find the next readable ids, then read them one by one.
            let next = try? connection.withStatement(ids) { (statement) throws(SQLiteError) -> [Int64] in
                try statement.bind([.integer(cursor), .integer(64)])
                var found: [Int64] = []
                while try statement.step() { found.append(statement.int64(0)) }
                return found
            }
            if let next, !next.isEmpty {
                for id in next {
                    let read = try? connection.withStatement(one) { (statement) throws(SQLiteError) -> Bool in
                        try statement.bind([.integer(id)])
                        guard try statement.step() else { return false }
                        row(statement)
                        return true
                    }
                    if read != true { unreadable += 1 }
                }
                cursor = next.last!
                failures = 0
                continue
            }
            // The table's pages are damaged here: skip ahead, further each time, up to the
            // highest id the file ever gave (or 40 tries when that is unreadable too).
            cursor += jump
            unreadable += Int(max(1, jump / idsPerRow))
            jump = min(jump * 2, 1 << 16)
            failures += 1
            if let highest { if cursor >= highest { return unreadable } } else if failures > 40 { return unreadable }
        }
    }

    private mutating func readMetadata() {
        var found: [Int64: Run] = [:]
        _ = walk("metadata", columns: "id, created_at, body") { statement in
            found[statement.int64(0)] = Run(createdAt: statement.int64(1), body: statement.blob(2))
        }
        runs = found
    }

    /// Schema 4 and later; false when the file has no `blocks` table.
    private mutating func readBlocksTable() -> Bool {
        var rows: [BlockRow] = []
        let unreadable = walk("blocks", columns: QueueSQL.blockColumns, idsPerRow: QueueSQL.idStride) { statement in
            rows.append(BlockRow(statement))
        }
        guard let unreadable else { return false }
        unreadableBlocks += unreadable
        for block in rows {
            readBlocks += 1
            readEvents += block.events
            guard runs[block.metadataID] != nil else {
                lostEvents += block.events
                continue
            }
            var lines: [[UInt8]]
            switch block.encoding {
            case .identity:
                lines = BlockCodec.split(block.body)
            case .gzip:
                let decoded = Gzip.decompressPrefix(block.body, limit: BlockCodec.decodeLimit)
                lines = BlockCodec.split(decoded.bytes)
                // Damaged data: only the lines that ended before the damage are whole.
                if decoded.error != nil, decoded.bytes.last != UInt8(ascii: "\n"), !lines.isEmpty { lines.removeLast() }
            }
            lines = Array(lines.prefix(block.events))
            lostEvents += block.events - lines.count
            events[block.metadataID, default: []] += lines.map {
                NewEvent(
                    kind: block.kind, createdAt: block.firstCreatedAt, body: $0,
                    isUnsampledTransaction: block.flags & BlockDraft.unsampledTransactions != 0)
            }
        }
        return true
    }

    /// Schemas 1 to 3: one row per event.
    private mutating func readEventsTable() {
        var rows: [(Int64, NewEvent)] = []
        let unreadable = walk("events", columns: "id, metadata_id, kind, created_at, body") { statement in
            rows.append(
                (statement.int64(1), NewEvent(kind: statement.text(2), createdAt: statement.int64(3), body: statement.blob(4))))
        }
        unreadableBlocks += unreadable ?? 0
        for (run, event) in rows {
            readBlocks += 1
            readEvents += 1
            if runs[run] == nil { lostEvents += 1 } else { events[run, default: []].append(event) }
        }
    }

    /// Dead letters whose run was read; the others cannot be shown or requeued with their
    /// metadata and are left behind in the quarantined file.
    private mutating func readDeadLetters() {
        var found: [Int64: [DeadLetter]] = [:]
        _ = walk("dead_letters", columns: "id, event_id, metadata_id, kind, created_at, rejected_at, status, reason, body") {
            statement in
            guard let run = statement.optionalInt64(2) else { return }
            found[run, default: []].append(
                DeadLetter(
                    id: statement.int64(0), eventID: statement.optionalInt64(1), metadataID: run,
                    kind: statement.optionalText(3), createdAt: statement.optionalInt64(4),
                    rejectedAt: statement.optionalInt64(5), status: statement.optionalInt64(6).map { Int($0) },
                    reason: statement.optionalText(7), body: statement.optionalBlob(8)))
        }
        deadLetters = found.filter { runs[$0.key] != nil }
    }

    private mutating func readCounters() {
        var found: [String: Int64] = [:]
        _ = try? connection.withStatement("SELECT name, value FROM counters") { (statement) throws(SQLiteError) -> Void in
            while try statement.step() { found[statement.text(0)] = statement.int64(1) }
        }
        counters = found
    }
}

extension EventQueue {
    /// What a salvage of the damaged file at `path` would recover, read without changing the
    /// file (for `apm-queue check`); nil when the file cannot be opened as a database at all.
    package static func salvageEstimate(path: String) -> SalvageReport? {
        guard let salvage = QueueSalvage.read(path) else { return nil }
        let readable = salvage.runs.keys.filter { salvage.events[$0]?.isEmpty == false || salvage.deadLetters[$0] != nil }
        return SalvageReport(
            recoveredEvents: readable.reduce(0) { $0 + (salvage.events[$1]?.count ?? 0) }, recoveredRuns: readable.count,
            recoveredDeadLetters: readable.reduce(0) { $0 + (salvage.deadLetters[$1]?.count ?? 0) },
            lostEvents: salvage.lostEvents, lostIsEstimate: salvage.lostIsEstimate)
    }

    /// Copies what `salvage` read into this (fresh) queue, counts the loss in "dropped.corrupt",
    /// and returns the report.
    func store(_ salvage: QueueSalvage, now: Int64) throws(QueueError) -> SalvageReport {
        var recovered = 0
        var recoveredRuns = 0
        var recoveredDeadLetters = 0
        for (oldID, run) in salvage.runs.sorted(by: { $0.key < $1.key }) {
            let events = salvage.events[oldID] ?? []
            let deadLetters = salvage.deadLetters[oldID] ?? []
            guard !events.isEmpty || !deadLetters.isEmpty else { continue }
            let drafts = events.isEmpty ? [] : try BlockDraft.make(events)
            try write { () throws(SQLiteError) -> Void in
                try connection.execute(QueueSQL.insertMetadata, [.integer(run.createdAt), .blob(run.body)])
                let metadataID = connection.lastInsertRowID
                if !drafts.isEmpty { try insert(drafts, metadataID: metadataID) }
                for letter in deadLetters {
                    func integer(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
                    try connection.execute(
                        QueueSQL.insertDeadLetter,
                        [
                            integer(letter.eventID), .integer(metadataID), .string(letter.kind), integer(letter.createdAt),
                            integer(letter.rejectedAt), integer(letter.status.map(Int64.init)), .string(letter.reason),
                            letter.body.map { .blob($0) } ?? .null,
                        ])
                }
            }
            recovered += events.count
            recoveredDeadLetters += deadLetters.count
            recoveredRuns += 1
        }
        var counters = salvage.counters
        counters[CounterName.droppedCorrupt, default: 0] += Int64(salvage.lostEvents)
        try addCounters(counters)
        try evict(now: now)
        return SalvageReport(
            recoveredEvents: recovered, recoveredRuns: recoveredRuns, recoveredDeadLetters: recoveredDeadLetters,
            lostEvents: salvage.lostEvents, lostIsEstimate: salvage.lostIsEstimate)
    }
}
