extension EventQueue {
    /// Up to `limit` events in `order`, optionally only of `kind` and created at or after
    /// `since` (µs). Bodies are included only if `includeBodies`.
    package func listEvents(order: EventOrder = .oldestFirst, limit: Int, kind: String? = nil, since: Int64? = nil, includeBodies: Bool = false) throws(QueueError) -> [EventInfo] {
        guard limit > 0 else { return [] }
        let sql = order == .oldestFirst ? QueueSQL.listOldest : QueueSQL.listNewest
        return try perform { () throws(SQLiteError) -> [EventInfo] in
            try connection.withStatement(sql) { (statement) throws(SQLiteError) -> [EventInfo] in
                try statement.bind([.string(kind), .int(since), .integer(Int64(limit)), .integer(includeBodies ? 1 : 0)])
                var rows: [EventInfo] = []
                while try statement.step() { rows.append(Self.eventInfo(statement)) }
                return rows
            }
        }
    }

    /// One event (body included) with its run's metadata, or nil if no such row.
    package func event(id: Int64) throws(QueueError) -> EventDetail? {
        try read { () throws(SQLiteError) -> EventDetail? in
            let info = try connection.withStatement(QueueSQL.selectEvent) { (statement) throws(SQLiteError) -> EventInfo? in
                try statement.bind([.integer(id)])
                return try statement.step() ? Self.eventInfo(statement) : nil
            }
            guard let info, let metadata = try selectMetadata(info.event.metadataID) else { return nil }
            return EventDetail(info: info, metadata: metadata)
        }
    }

    /// A metadata row, or nil.
    package func metadata(id: Int64) throws(QueueError) -> MetadataRecord? {
        try perform { () throws(SQLiteError) -> MetadataRecord? in try selectMetadata(id) }
    }

    /// Iterates every event in export order: runs by ascending metadata id, each run's events
    /// oldest first. Start with `after: nil`, then pass the previous page's `next`; nil means done.
    /// Every page holds events of one run only, so the caller writes the metadata line whenever
    /// `page.metadata.id` changes.
    package func exportPage(after cursor: ExportCursor? = nil, limit: Int = 500) throws(QueueError) -> ExportPage? {
        let limit = max(1, limit)
        return try read { () throws(SQLiteError) -> ExportPage? in
            var run: Int64?
            var afterID: Int64 = 0
            if let cursor {
                run = cursor.metadataID
                afterID = cursor.afterEventID
            } else {
                run = try connection.queryInt(QueueSQL.firstRun)
            }
            while let metadataID = run {
                let events = try connection.withStatement(QueueSQL.exportEvents) { (statement) throws(SQLiteError) -> [StoredEvent] in
                    try statement.bind([.integer(metadataID), .integer(afterID), .integer(Int64(limit))])
                    var rows: [StoredEvent] = []
                    while try statement.step() {
                        rows.append(StoredEvent(
                            id: statement.int64(0), metadataID: metadataID, kind: statement.text(1),
                            createdAt: statement.int64(2), size: statement.int(3), attempts: statement.int(4),
                            body: statement.blob(5)
                        ))
                    }
                    return rows
                }
                if let last = events.last, let metadata = try selectMetadata(metadataID) {
                    return ExportPage(metadata: metadata, events: events, next: ExportCursor(metadataID: metadataID, afterEventID: last.id))
                }
                run = try connection.queryInt(QueueSQL.nextRun, [.integer(metadataID)])
                afterID = 0
            }
            return nil
        }
    }

    /// Imports one run (e.g. from an export): stores `metadata` as a new metadata row and
    /// appends `events` to it, in one transaction, then applies the limits as `append` does.
    @discardableResult
    package func importEvents(metadata: [UInt8], metadataCreatedAt: Int64, events: [NewEvent], now: Int64) throws(QueueError) -> ImportResult {
        try write { () throws(SQLiteError) -> ImportResult in
            try connection.execute(QueueSQL.insertMetadata, [.integer(metadataCreatedAt), .blob(metadata)])
            let metadataID = connection.lastInsertRowID
            try insert(events, metadataID: metadataID)
            let evicted = try evictLocked(now: now)
            return ImportResult(metadataID: metadataID, append: AppendResult(appended: events.count, evicted: evicted))
        }
    }

    /// Deletes events (leased or not): only of `kind` if given, only created before `olderThan`
    /// (µs) if given, all of them if both are nil. Counted in "purged"; returns how many.
    @discardableResult
    package func purgeEvents(kind: String? = nil, olderThan: Int64? = nil) throws(QueueError) -> Int {
        try write { () throws(SQLiteError) -> Int in
            var totals = TotalsDelta()
            let purged = try runTallying(QueueSQL.purgeEvents, [.string(kind), .int(olderThan)], into: &totals)
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

    /// Reads columns id, metadata_id, kind, created_at, size, attempts, lease_owner, lease_until, body.
    static func eventInfo(_ statement: SQLiteStatement) -> EventInfo {
        EventInfo(
            event: StoredEvent(
                id: statement.int64(0), metadataID: statement.int64(1), kind: statement.text(2),
                createdAt: statement.int64(3), size: statement.int(4), attempts: statement.int(5),
                body: statement.blob(8)
            ),
            leaseOwner: statement.optionalText(6),
            leaseUntil: statement.optionalInt64(7)
        )
    }
}
