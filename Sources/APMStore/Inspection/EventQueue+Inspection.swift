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

/// Reading and changing the queue event by event, for the CLI. Blocks are decoded only as far
/// as what is returned needs; an event's id is ``EventID`` (block and line).
extension EventQueue {
    /// Up to `limit` events in `order`, optionally only of `kind` and of blocks last written at
    /// or after `since` (µs). Bodies are included only if `includeBodies`; an event's
    /// `createdAt` is its block's first capture time.
    package func listEvents(
        order: EventOrder = .oldestFirst, limit: Int, kind: String? = nil, since: Int64? = nil, includeBodies: Bool = false
    ) throws(QueueError) -> [EventInfo] {
        guard limit > 0 else { return [] }
        var rows: [EventInfo] = []
        var position: Int64 = order == .oldestFirst ? 0 : Int64.max
        // Short read transactions, a page of blocks each: no long snapshot holds the WAL back.
        while rows.count < limit {
            let blocks = try read { () throws(SQLiteError) -> [BlockRow] in
                try connection.withStatement(order == .oldestFirst ? QueueSQL.listOldest : QueueSQL.listNewest) {
                    (statement) throws(SQLiteError) -> [BlockRow] in
                    try statement.bind([.string(kind), .int(since), .integer(32), .integer(position)])
                    var blocks: [BlockRow] = []
                    while try statement.step() { blocks.append(BlockRow(statement)) }
                    return blocks
                }
            }
            guard let last = blocks.last else { break }
            position = last.id
            for block in blocks {
                var infos = try Self.eventInfos(block, includeBodies: includeBodies)
                if order == .newestFirst { infos.reverse() }
                rows += infos.prefix(limit - rows.count)
                if rows.count == limit { break }
            }
        }
        return rows
    }

    /// One event (body included) with its run's metadata, or nil if there is no such event.
    package func event(id: Int64) throws(QueueError) -> EventDetail? {
        guard id >= 0 else { return nil }
        let found = try read { () throws(SQLiteError) -> (BlockRow, MetadataRecord)? in
            guard let block = try selectBlock(EventID.block(id)), let metadata = try selectMetadata(block.metadataID) else {
                return nil
            }
            return (block, metadata)
        }
        guard let (block, metadata) = found else { return nil }
        let infos = try Self.eventInfos(block, includeBodies: true)
        let line = EventID.line(id)
        guard infos.indices.contains(line) else { return nil }
        return EventDetail(info: infos[line], metadata: metadata)
    }

    /// A metadata row, or nil.
    package func metadata(id: Int64) throws(QueueError) -> MetadataRecord? {
        try perform { () throws(SQLiteError) -> MetadataRecord? in try selectMetadata(id) }
    }

    /// Iterates every event in export order: runs by ascending metadata id, each run's blocks
    /// oldest first. Start with `after: nil`, then pass the previous page's `next`; nil means
    /// done. A page holds whole blocks of one run (at least one, about `limit` events), so the
    /// caller writes the metadata line whenever `page.metadata.id` changes.
    package func exportPage(after cursor: ExportCursor? = nil, limit: Int = 500) throws(QueueError) -> ExportPage? {
        let limit = max(1, limit)
        let found = try read { () throws(SQLiteError) -> (MetadataRecord, [BlockRow])? in
            var run: Int64?
            var afterBlock: Int64 = 0
            if let cursor {
                run = cursor.metadataID
                afterBlock = EventID.block(cursor.afterEventID)
            } else {
                run = try connection.queryInt(QueueSQL.firstRun)
            }
            while let metadataID = run {
                let blocks = try connection.withStatement(QueueSQL.exportBlocks) {
                    (statement) throws(SQLiteError) -> [BlockRow] in
                    try statement.bind([.integer(metadataID), .integer(afterBlock), .integer(Int64(limit))])
                    var blocks: [BlockRow] = []
                    var events = 0
                    while events < limit, try statement.step() {
                        let block = BlockRow(statement)
                        events += block.events
                        blocks.append(block)
                    }
                    return blocks
                }
                if !blocks.isEmpty, let metadata = try selectMetadata(metadataID) {
                    return (metadata, blocks)
                }
                run = try connection.queryInt(QueueSQL.nextRun, [.integer(metadataID)])
                afterBlock = 0
            }
            return nil
        }
        guard let (metadata, blocks) = found, let last = blocks.last else { return nil }
        var events: [StoredEvent] = []
        for block in blocks { events += try Self.eventInfos(block, includeBodies: true).map(\.event) }
        return ExportPage(
            metadata: metadata, events: events,
            next: ExportCursor(metadataID: metadata.id, afterEventID: EventID.make(block: last.id, line: Int(EventID.stride - 1)))
        )
    }

    /// Imports one run (e.g. from an export): stores `metadata` as a new metadata row and
    /// appends `events` to it, in one transaction, then applies the limits as `append` does.
    @discardableResult
    package func importEvents(
        metadata: [UInt8], metadataCreatedAt: Int64, events: [NewEvent], now: Int64
    ) throws(QueueError) -> ImportResult {
        let results = try importRuns(
            [ImportRun(metadata: metadata, metadataCreatedAt: metadataCreatedAt, events: events)], now: now)
        return results[0]
    }

    /// Deletes events (leased or not), whole blocks at a time: only of `kind` if given, only of
    /// blocks last written before `olderThan` (µs) if given, all of them if both are nil.
    /// Counted in "purged"; returns how many events.
    @discardableResult
    package func purgeEvents(kind: String? = nil, olderThan: Int64? = nil) throws(QueueError) -> Int {
        try write { () throws(SQLiteError) -> Int in
            var totals = TotalsDelta()
            let purged = try runTallying(QueueSQL.purgeBlocks, [.string(kind), .int(olderThan)], into: &totals)
            try applyTotals(totals)
            if purged > 0 {
                try addCounter(CounterName.purged, Int64(purged))
                try housekeepMetadata()
            }
            return purged
        }
    }

    /// Runs `PRAGMA integrity_check`: `["ok"]` for a sound file, else the problems found.
    package func integrityCheck() throws(QueueError) -> [String] {
        try perform { () throws(SQLiteError) -> [String] in try connection.queryTexts("PRAGMA integrity_check") }
    }

    // MARK: Helpers

    func selectMetadata(_ id: Int64) throws(SQLiteError) -> MetadataRecord? {
        try connection.withStatement(QueueSQL.selectMetadata) { (statement) throws(SQLiteError) -> MetadataRecord? in
            try statement.bind([.integer(id)])
            guard try statement.step() else { return nil }
            return MetadataRecord(id: statement.int64(0), createdAt: statement.int64(1), body: statement.blob(2))
        }
    }

    /// The events of one block, oldest first. Without bodies, sizes are still the line sizes.
    static func eventInfos(_ block: BlockRow, includeBodies: Bool) throws(QueueError) -> [EventInfo] {
        try block.lines().enumerated().map { index, line in
            EventInfo(
                event: StoredEvent(
                    id: EventID.make(block: block.id, line: index), metadataID: block.metadataID, kind: block.kind,
                    createdAt: block.firstCreatedAt, size: line.count, attempts: block.attempts,
                    body: includeBodies ? line : []
                ),
                leaseOwner: block.leaseOwner,
                leaseUntil: block.leaseUntil
            )
        }
    }
}
