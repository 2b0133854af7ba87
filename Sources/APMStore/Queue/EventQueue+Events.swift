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

extension EventQueue {
    /// Counter names used by the store. Evictions are counted twice: in the total of their
    /// reason ("dropped.queue_max_bytes") and per kind ("dropped.queue_max_bytes.span").
    package enum CounterName {
        /// Events evicted because the queue exceeded `maxBytes`.
        package static let droppedMaxBytes = "dropped.queue_max_bytes"
        /// Events evicted because they were older than `maxAge`.
        package static let droppedMaxAge = "dropped.queue_max_age"
        /// Events evicted to make room on a full disk.
        package static let droppedDiskFull = "dropped.disk_full"
        /// Events lost to a damaged file (salvage could not read them).
        package static let droppedCorrupt = "dropped.corrupt"
        /// Dead letters removed to keep `deadLetterLimit`.
        package static let deadLettersEvicted = "dead_letters.evicted"
        /// Events removed by ``EventQueue/purgeEvents(kind:olderThan:)``.
        package static let purged = "purged"

        /// The per-kind counter of an eviction reason: "dropped.<reason>.<kind>".
        package static func dropped(_ reason: String, kind: String) -> String { "dropped.\(reason).\(kind)" }
    }

    /// Eviction reason keys of ``AppendResult/evicted`` and ``evict(now:)``.
    package enum EvictionReason {
        /// Over `maxBytes`.
        package static let maxBytes = "queue_max_bytes"
        /// Older than `maxAge`.
        package static let maxAge = "queue_max_age"
        /// Room made for new events on a full disk.
        package static let diskFull = "disk_full"
    }

    /// Stores this process run's metadata line; returns the id its blocks reference.
    /// The row is kept while this instance lives, even with no blocks.
    package func registerMetadata(_ body: [UInt8], createdAt: Int64) throws(QueueError) -> Int64 {
        let id = try write { () throws(SQLiteError) -> Int64 in
            try connection.execute(QueueSQL.insertMetadata, [.integer(createdAt), .blob(body)])
            return connection.lastInsertRowID
        }
        ownMetadata[id] = MetadataRecord(id: id, createdAt: createdAt, body: body)
        return id
    }

    /// Appends `events` for run `metadataID` in one transaction: grouped by kind (and unsampled
    /// flag), each group one gzip member per block, in order. Then enforces `maxAge` and the disk
    /// bound by evicting by value (spans, logs and metricsets first, then transactions, errors
    /// last; oldest first; never a block under a live lease), counted by reason and kind.
    ///
    /// Disk full (the file system below its reserve, the page limit, or SQLITE_FULL): evicts by
    /// value inside the file to make room (counted as "disk_full") and tries once more; if that
    /// fails, nothing is stored and ``QueueError/diskFull`` is thrown; the queue stays usable.
    /// An unknown `metadataID` fails with a foreign-key error.
    @discardableResult
    package func append(_ events: [NewEvent], metadataID: Int64, now: Int64) throws(QueueError) -> AppendResult {
        try append(EventBatch(events), metadataID: metadataID, now: now)
    }

    /// Appends the lines of `batch` to the run `metadataID`, as ``append(_:metadataID:now:)``
    /// does for events: the writer thread's path, which encodes straight into a reused batch.
    @discardableResult
    package func append(_ batch: EventBatch, metadataID: Int64, now: Int64) throws(QueueError) -> AppendResult {
        guard batch.count > 0 else { return AppendResult(appended: 0, evicted: [:]) }
        let compressor: GzipCompressor
        if let existing = appendCompressor {
            compressor = existing
        } else {
            do { compressor = try GzipCompressor(level: Gzip.storeLevel) } catch { throw BlockCodec.failure(error) }
            appendCompressor = compressor
        }
        let drafts = try BlockDraft.make(batch, compressor: compressor)
        return try insertMakingRoom(drafts, now: now) { () throws(SQLiteError) -> AppendResult in
            try restoreOwnMetadata(metadataID)
            try insert(drafts, metadataID: metadataID)
            return AppendResult(appended: batch.count, evicted: try evictLocked(now: now))
        }
    }

    /// Applies `maxAge` and the disk bound now (as after an append); returns evicted events by reason.
    @discardableResult
    package func evict(now: Int64) throws(QueueError) -> [String: Int] {
        try write { () throws(SQLiteError) -> [String: Int] in
            let evicted = try evictLocked(now: now)
            if evicted.isEmpty { try housekeepMetadata() }
            return evicted
        }
    }

    // MARK: Disk full

    /// Runs the writing `body` (which inserts `drafts`) so that a full disk heals: below the
    /// file system reserve the file may not grow (only its free pages are used), and on
    /// SQLITE_FULL room is made by evicting by value, then the write is tried once more.
    func insertMakingRoom<T>(_ drafts: [BlockDraft], now: Int64, _ body: () throws(SQLiteError) -> T) throws(QueueError) -> T {
        let needed = Int64(drafts.reduce(0) { $0 + $1.body.count + 64 })
        let free = QueueFile.freeBytes(path)
        let belowReserve = free.map { $0 < options.diskReserve } ?? false
        if !belowReserve { QueueFile.holdReserve(of: path, bytes: options.heldReserve) }
        var pageLimit: Int64?
        if belowReserve {
            // Leave what is left of the file system to acknowledging, leasing and evicting.
            pageLimit = try perform { () throws(SQLiteError) -> Int64? in
                let limit = try connection.queryInt("PRAGMA max_page_count")
                try connection.setPragma("max_page_count", Int(try connection.queryInt(QueueSQL.pageCount) ?? 0))
                return limit
            }
        }
        defer {
            if let pageLimit {
                try? connection.setPragma("max_page_count", Int(pageLimit))
                // Keep the WAL reusable from its start while space is short.
                checkpointPassive()
            }
        }
        do {
            return try write(body)
        } catch {
            guard error == .diskFull, try makeRoom(bytes: needed, now: now) else { throw error }
            return try write(body)
        }
    }

    /// Evicts by value (counted as "disk_full") so that the next insert of `bytes` finds room
    /// inside the file. Deleting needs little room: freed
    /// pages go to the free list, and the WAL of a checkpointed queue is reused from its start.
    /// Returns false, evicting nothing, when even every block not under a live lease would not
    /// make that room (an event larger than the room left).
    func makeRoom(bytes: Int64, now: Int64) throws(QueueError) -> Bool {
        try write { () throws(SQLiteError) -> Bool in
            let evictable = try connection.queryInt(QueueSQL.evictableBytes, [.integer(now)]) ?? 0
            guard evictable >= bytes else { return false }
            var tally = EvictionTally()
            var totals = TotalsDelta()
            // New blocks go to the end of the table: they need whole free pages, which small
            // evicted blocks leave only once their pages are empty. Evict until the free list
            // holds the new blocks, or eight times their size is gone.
            let pageSize = try connection.queryInt(QueueSQL.pageSize) ?? 4096
            var freed: Int64 = 0
            try evictByValue(now: now, reason: EvictionReason.diskFull, tally: &tally, totals: &totals) {
                (size: Int64) throws(SQLiteError) -> Bool in
                if size > 0 { freed += size }
                let freePages = try connection.queryInt(QueueSQL.freelistCount) ?? 0
                return freePages * pageSize < bytes + 2 * pageSize && freed < 8 * bytes + 4 * pageSize
            }
            try applyTotals(totals)
            try record(tally)
            if !tally.isEmpty { try housekeepMetadata() }
            return !tally.isEmpty
        }
    }

    // MARK: Inside a write transaction

    /// Re-inserts this instance's metadata row if housekeeping removed it.
    func restoreOwnMetadata(_ metadataID: Int64) throws(SQLiteError) {
        guard let own = ownMetadata[metadataID] else { return }
        try connection.execute(QueueSQL.restoreMetadata, [.integer(own.id), .integer(own.createdAt), .blob(own.body)])
    }

    /// Inserts `drafts` in order and adds them to the totals.
    func insert(_ drafts: [BlockDraft], metadataID: Int64) throws(SQLiteError) {
        var totals = TotalsDelta()
        try connection.withStatement(QueueSQL.insertBlock) { (statement) throws(SQLiteError) -> Void in
            for draft in drafts {
                try statement.bind([
                    .integer(metadataID), .text(draft.kind), .integer(EventClass.of(kind: draft.kind)),
                    .integer(draft.flags), .integer(BlockEncoding.gzip.rawValue), .integer(Int64(draft.events)),
                    .integer(Int64(draft.rawSize)), .integer(Int64(draft.body.count)),
                    .integer(draft.firstCreatedAt), .integer(draft.lastCreatedAt), .blob(draft.body),
                ])
                try statement.run()
                statement.reset()
                totals.add(
                    kind: draft.kind, events: Int64(draft.events), size: Int64(draft.body.count),
                    rawSize: Int64(draft.rawSize), sign: 1)
            }
        }
        try applyTotals(totals)
    }

    /// Runs a DELETE (`sign` -1) or INSERT (`sign` 1) that returns `kind, events, size, raw_size`
    /// of each block it touched, tallying them in `totals`; returns the number of events.
    @discardableResult
    func runTallying(
        _ sql: String, _ values: [SQLiteValue], into totals: inout TotalsDelta, sign: Int64 = -1,
        byKind: ((String, Int) -> Void)? = nil
    ) throws(SQLiteError) -> Int {
        try connection.withStatement(sql) { (statement) throws(SQLiteError) -> Int in
            try statement.bind(values)
            var events = 0
            while try statement.step() {
                let kind = statement.text(0)
                let count = statement.int(1)
                totals.add(kind: kind, events: Int64(count), size: statement.int64(2), rawSize: statement.int64(3), sign: sign)
                byKind?(kind, count)
                events += count
            }
            return events
        }
    }

    /// Adds `totals` to `queue_totals`: one upsert per kind.
    func applyTotals(_ totals: TotalsDelta) throws(SQLiteError) {
        guard !totals.isEmpty else { return }
        try connection.withStatement(QueueSQL.applyTotals) { (statement) throws(SQLiteError) -> Void in
            for (kind, change) in totals.byKind {
                try statement.bind([.text(kind), .integer(change.events), .integer(change.bytes), .integer(change.rawBytes)])
                try statement.run()
                statement.reset()
            }
        }
    }

    /// `[1,2,3]`: a list of ids as one bound parameter, read back with `json_each`.
    static func jsonArray(_ ids: [Int64]) -> String {
        var text = "["
        text.reserveCapacity(ids.count * 8 + 2)
        for (index, id) in ids.enumerated() {
            if index > 0 { text += "," }
            text += String(id)
        }
        return text + "]"
    }

    /// Events evicted in one transaction, by reason and kind.
    struct EvictionTally {
        var counts: [String: [String: Int]] = [:]
        var isEmpty: Bool { counts.isEmpty }

        mutating func add(_ reason: String, kind: String, events: Int) {
            guard events > 0 else { return }
            counts[reason, default: [:]][kind, default: 0] += events
        }

        /// Events by reason.
        var byReason: [String: Int] { counts.mapValues { $0.values.reduce(0, +) } }
    }

    /// Age eviction, then eviction by value down to the disk bound; counts and housekeeps.
    /// Returns evicted events by reason.
    func evictLocked(now: Int64) throws(SQLiteError) -> [String: Int] {
        var tally = EvictionTally()
        var totals = TotalsDelta()
        let cutoff = Microseconds.subtracting(now, options.maxAge.inMicroseconds)
        try runTallying(QueueSQL.evictByAge, [.integer(cutoff), .integer(now)], into: &totals) { kind, events in
            tally.add(EvictionReason.maxAge, kind: kind, events: events)
        }
        try applyTotals(totals)
        totals = TotalsDelta()

        let pageSize = try connection.queryInt(QueueSQL.pageSize) ?? 4096
        var stored = try connection.queryInt("SELECT COALESCE(SUM(bytes), 0) FROM queue_totals") ?? 0
        func usedBytes() throws(SQLiteError) -> Int64 {
            let pages = try connection.queryInt(QueueSQL.pageCount) ?? 0
            let free = try connection.queryInt(QueueSQL.freelistCount) ?? 0
            return (pages - free) * pageSize
        }
        var used = try usedBytes()
        let budget = options.dataBudget
        if stored > options.maxBytes || used > budget {
            try evictByValue(now: now, reason: EvictionReason.maxBytes, tally: &tally, totals: &totals) {
                (freed: Int64) throws(SQLiteError) -> Bool in
                if freed < 0 {  // a batch ended: measure again
                    used = try usedBytes()
                    return stored > options.maxBytes || used > budget
                }
                stored -= freed
                used -= freed
                return stored > options.maxBytes || used > budget
            }
        }
        try applyTotals(totals)
        try record(tally)
        if !tally.isEmpty { try housekeepMetadata() }
        return tally.byReason
    }

    /// Deletes blocks by value (class 0, then 1, then 2; oldest first; none under a live lease)
    /// while `over` says so. `over` gets the stored bytes of each deleted block, and -1 at the
    /// end of every batch (to measure again).
    func evictByValue(
        now: Int64, reason: String, tally: inout EvictionTally, totals: inout TotalsDelta,
        over: (Int64) throws(SQLiteError) -> Bool
    ) throws(SQLiteError) {
        classes: for eventClass in EventClass.all {
            var after: Int64 = 0
            while true {
                let victims = try connection.withStatement(QueueSQL.evictionCandidates) {
                    (statement) throws(SQLiteError) -> [(id: Int64, kind: String, events: Int64, size: Int64, raw: Int64)] in
                    try statement.bind([.integer(eventClass), .integer(after), .integer(now), .integer(64)])
                    var rows: [(id: Int64, kind: String, events: Int64, size: Int64, raw: Int64)] = []
                    while try statement.step() {
                        rows.append(
                            (statement.int64(0), statement.text(1), statement.int64(2), statement.int64(3), statement.int64(4)))
                    }
                    return rows
                }
                if victims.isEmpty { continue classes }
                for victim in victims {
                    after = victim.id
                    try connection.execute(QueueSQL.deleteBlock, [.integer(victim.id)])
                    totals.add(kind: victim.kind, events: victim.events, size: victim.size, rawSize: victim.raw, sign: -1)
                    tally.add(reason, kind: victim.kind, events: Int(victim.events))
                    if try !over(victim.size) { return }
                }
                if try !over(-1) { return }
            }
        }
    }

    /// Adds a tally to the counters: per reason, and per reason and kind.
    func record(_ tally: EvictionTally) throws(SQLiteError) {
        for (reason, kinds) in tally.counts {
            try addCounter("dropped." + reason, Int64(kinds.values.reduce(0, +)))
            for (kind, events) in kinds {
                try addCounter(CounterName.dropped(reason, kind: kind), Int64(events))
            }
        }
    }

    /// Deletes metadata rows no block or dead letter references, except this instance's own.
    func housekeepMetadata() throws(SQLiteError) {
        let unreferenced = try connection.withStatement(QueueSQL.unreferencedMetadata) {
            (statement) throws(SQLiteError) -> [Int64] in
            var ids: [Int64] = []
            while try statement.step() { ids.append(statement.int64(0)) }
            return ids
        }
        for id in unreferenced where ownMetadata[id] == nil {
            try connection.execute(QueueSQL.deleteMetadata, [.integer(id)])
        }
    }

    /// Trims dead_letters to the configured limit, counting removals.
    func capDeadLetters() throws(SQLiteError) {
        let removed: Int
        if options.deadLetterLimit <= 0 {
            removed = try connection.execute(QueueSQL.deleteAllDeadLetters)
        } else {
            removed = try connection.execute(QueueSQL.capDeadLetters, [.integer(Int64(options.deadLetterLimit - 1))])
        }
        if removed > 0 {
            try addCounter(CounterName.deadLettersEvicted, Int64(removed))
            try housekeepMetadata()
        }
    }

    func addCounter(_ name: String, _ delta: Int64) throws(SQLiteError) {
        try connection.execute(QueueSQL.addCounter, [.text(name), .integer(delta)])
    }
}
