import APMRuntime
import CSQLite

extension EventQueue {
    /// Counter names used by the store.
    package enum CounterName {
        /// Rows evicted because the queue exceeded `maxBytes`.
        package static let droppedMaxBytes = "dropped.queue_max_bytes"
        /// Rows evicted because they were older than `maxAge`.
        package static let droppedMaxAge = "dropped.queue_max_age"
        /// Dead letters removed to keep `deadLetterLimit`.
        package static let deadLettersEvicted = "dead_letters.evicted"
        /// Rows removed by ``EventQueue/purgeEvents(kind:olderThan:)``.
        package static let purged = "purged"
    }

    /// Eviction reason keys of ``AppendResult/evicted`` and ``evict(now:)``.
    package enum EvictionReason {
        /// Over `maxBytes`.
        package static let maxBytes = "queue_max_bytes"
        /// Older than `maxAge`.
        package static let maxAge = "queue_max_age"
    }

    /// Stores this process run's metadata line; returns the id its events reference.
    /// The row is kept while this instance lives, even with no events.
    package func registerMetadata(_ body: [UInt8], createdAt: Int64) throws(QueueError) -> Int64 {
        let id = try write { () throws(SQLiteError) -> Int64 in
            try connection.execute(QueueSQL.insertMetadata, [.integer(createdAt), .blob(body)])
            return connection.lastInsertRowID
        }
        ownMetadata[id] = MetadataRecord(id: id, createdAt: createdAt, body: body)
        return id
    }

    /// Appends `events` (FIFO) for run `metadataID` in one transaction, then enforces `maxAge`
    /// and `maxBytes` by evicting the oldest rows not under a live lease (counted in
    /// "dropped.queue_max_age" / "dropped.queue_max_bytes").
    ///
    /// On a full disk the transaction is rolled back and ``QueueError/diskFull`` thrown; the
    /// queue stays usable. An unknown `metadataID` fails with a foreign-key error.
    @discardableResult
    package func append(_ events: [NewEvent], metadataID: Int64, now: Int64) throws(QueueError) -> AppendResult {
        guard !events.isEmpty else { return AppendResult(appended: 0, evicted: [:]) }
        return try write { () throws(SQLiteError) -> AppendResult in
            try restoreOwnMetadata(metadataID)
            try insert(events, metadataID: metadataID)
            return AppendResult(appended: events.count, evicted: try evictLocked(now: now))
        }
    }

    /// Leases the oldest claimable rows to `owner` until `now + lease`.
    ///
    /// Claimable: no lease, or a lease that ended at or before `now` (such a row counts one more
    /// attempt). The batch holds only rows of the oldest claimable row's run (never mixing
    /// metadata), in FIFO order, at most `maxEvents`, and stops before the bodies would exceed
    /// `maxBytes` (but always holds at least one row). Atomic across processes (BEGIN IMMEDIATE).
    /// Returns nil when nothing is claimable.
    package func claim(owner: String, maxEvents: Int, maxBytes: Int, lease: Duration, now: Int64) throws(QueueError) -> ClaimedBatch? {
        guard maxEvents > 0 else { return nil }
        let leaseUntil = Microseconds.adding(now, lease.inMicroseconds)
        return try write { () throws(SQLiteError) -> ClaimedBatch? in
            try connection.execute(QueueSQL.reclaimExpired, [.integer(now)])
            let oldest = try connection.withStatement(QueueSQL.oldestClaimable) { (statement) throws(SQLiteError) -> Int64? in
                guard try statement.step() else { return nil }
                return statement.int64(0)
            }
            guard let metadataID = oldest else { return nil }
            let events = try connection.withStatement(QueueSQL.claimableOfRun) { (statement) throws(SQLiteError) -> [StoredEvent] in
                try statement.bind([.integer(metadataID), .integer(Int64(maxEvents))])
                var rows: [StoredEvent] = []
                rows.reserveCapacity(min(maxEvents, 8192))
                var bytes = 0
                while try statement.step() {
                    let size = statement.int(3)
                    if !rows.isEmpty && bytes + size > maxBytes { break }
                    bytes += size
                    rows.append(StoredEvent(
                        id: statement.int64(0), metadataID: metadataID, kind: statement.text(1),
                        createdAt: statement.int64(2), size: size, attempts: statement.int(4),
                        body: statement.blob(5)
                    ))
                }
                return rows
            }
            guard let first = events.first, let last = events.last else { return nil }
            let leased = try connection.execute(
                QueueSQL.leaseRun,
                [.text(owner), .integer(leaseUntil), .integer(metadataID), .integer(first.id), .integer(last.id)]
            )
            guard leased == events.count else {
                throw SQLiteError(code: SQLITE_INTERNAL, message: "claim leased \(leased) rows, expected \(events.count)")
            }
            let metadata = try connection.withStatement(QueueSQL.metadataBody) { (statement) throws(SQLiteError) -> [UInt8]? in
                try statement.bind([.integer(metadataID)])
                return try statement.step() ? statement.blob(0) : nil
            }
            guard let metadata else {
                throw SQLiteError(code: SQLITE_CORRUPT, message: "metadata row \(metadataID) is missing")
            }
            return ClaimedBatch(metadataID: metadataID, metadata: metadata, events: events, leaseOwner: owner, leaseUntil: leaseUntil)
        }
    }

    /// Deletes the rows of `ids` still leased by `owner` (delivered); returns how many.
    /// Rows whose lease went to another owner are left alone.
    @discardableResult
    package func acknowledge(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            var totals = TotalsDelta()
            let deleted = try runTallying(QueueSQL.acknowledge, [.text(Self.jsonArray(ids)), .text(owner)], into: &totals)
            try applyTotals(totals)
            if deleted > 0 { try housekeepMetadata() }
            return deleted
        }
    }

    /// Gives back the rows of `ids` leased by `owner` (delivery failed, to retry): the lease is
    /// cleared and `attempts` incremented. Returns how many rows were released.
    @discardableResult
    package func release(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            try connection.execute(QueueSQL.release, [.text(Self.jsonArray(ids)), .text(owner)])
        }
    }

    /// Moves the rows of `ids` leased by `owner` to `dead_letters` (rejected for good, with the
    /// HTTP `status` and a per-event reason from `reasons`), then trims `dead_letters` to
    /// `deadLetterLimit`, oldest first, counting removals in "dead_letters.evicted".
    /// Returns how many rows were moved.
    @discardableResult
    package func deadLetter(_ ids: [Int64], owner: String, status: Int, reasons: [Int64: String], now: Int64) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            var moved = 0
            var totals = TotalsDelta()
            for id in ids {
                let copied = try connection.execute(
                    QueueSQL.copyToDeadLetters,
                    [.integer(now), .integer(Int64(status)), .string(reasons[id]), .integer(id), .text(owner)]
                )
                if copied > 0 {
                    moved += try runTallying(QueueSQL.deleteEvent, [.integer(id)], into: &totals)
                }
            }
            try applyTotals(totals)
            try capDeadLetters()
            return moved
        }
    }

    /// Applies `maxAge` and `maxBytes` now (as after an append); returns evictions by reason.
    @discardableResult
    package func evict(now: Int64) throws(QueueError) -> [String: Int] {
        try write { () throws(SQLiteError) -> [String: Int] in
            let evicted = try evictLocked(now: now)
            if evicted.isEmpty { try housekeepMetadata() }
            return evicted
        }
    }

    // MARK: Inside a write transaction

    /// Re-inserts this instance's metadata row if housekeeping removed it.
    func restoreOwnMetadata(_ metadataID: Int64) throws(SQLiteError) {
        guard let own = ownMetadata[metadataID] else { return }
        try connection.execute(QueueSQL.restoreMetadata, [.integer(own.id), .integer(own.createdAt), .blob(own.body)])
    }

    /// Inserts `events` in order, many rows per statement, and adds them to the totals.
    func insert(_ events: [NewEvent], metadataID: Int64) throws(SQLiteError) {
        var totals = TotalsDelta()
        for event in events { totals.add(kind: event.kind, size: Int64(event.body.count), sign: 1) }
        let perStatement = QueueSQL.insertRowsPerStatement
        var next = 0
        /// Runs `sql` (rows of ?kind, ?created_at, ?size, ?body after ?1) until fewer than `rows` events remain.
        func insertRows(_ sql: String, rows: Int) throws(SQLiteError) {
            guard events.count - next >= rows else { return }
            try connection.withStatement(sql) { (statement) throws(SQLiteError) -> Void in
                try statement.bind(.integer(metadataID), at: 1)
                while events.count - next >= rows {
                    for row in 0..<rows {
                        let event = events[next + row]
                        let first = Int32(2 + 4 * row)
                        try statement.bind(text: event.kind, at: first)
                        try statement.bind(.integer(event.createdAt), at: first + 1)
                        try statement.bind(.integer(Int64(event.body.count)), at: first + 2)
                        try statement.bind(.blob(event.body), at: first + 3)
                    }
                    try statement.run()
                    statement.rewind()
                    next += rows
                }
            }
        }
        try insertRows(QueueSQL.insertEvents, rows: perStatement)
        try insertRows(QueueSQL.insertEvent, rows: 1)
        try applyTotals(totals)
    }

    /// Runs a DELETE (`sign` -1) or INSERT (`sign` 1) that returns `kind, size` of each row it
    /// touched, tallying them in `totals`; returns the row count.
    @discardableResult
    func runTallying(_ sql: String, _ values: [SQLiteValue], into totals: inout TotalsDelta, sign: Int64 = -1) throws(SQLiteError) -> Int {
        try connection.withStatement(sql) { (statement) throws(SQLiteError) -> Int in
            try statement.bind(values)
            var rows = 0
            while try statement.step() {
                totals.add(kind: statement.text(0), size: statement.int64(1), sign: sign)
                rows += 1
            }
            return rows
        }
    }

    /// Adds `totals` to `queue_totals`: one upsert per kind.
    func applyTotals(_ totals: TotalsDelta) throws(SQLiteError) {
        guard !totals.isEmpty else { return }
        try connection.withStatement(QueueSQL.applyTotals) { (statement) throws(SQLiteError) -> Void in
            for (kind, change) in totals.byKind {
                try statement.bind([.text(kind), .integer(change.events), .integer(change.bytes)])
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

    /// Age then byte eviction, oldest rows first, skipping live leases; counts and housekeeps.
    func evictLocked(now: Int64) throws(SQLiteError) -> [String: Int] {
        var evicted: [String: Int] = [:]
        var totals = TotalsDelta()
        let cutoff = Microseconds.subtracting(now, options.maxAge.inMicroseconds)
        let aged = try runTallying(QueueSQL.evictByAge, [.integer(cutoff), .integer(now)], into: &totals)
        if aged > 0 {
            evicted[EvictionReason.maxAge] = aged
            try applyTotals(totals)
            totals = TotalsDelta()
        }

        var total = try connection.queryInt(QueueSQL.totalBytes) ?? 0
        if total > options.maxBytes {
            try connection.execute(QueueSQL.reclaimExpired, [.integer(now)])
            var dropped = 0
            var after: Int64 = 0
            evicting: while total > options.maxBytes {
                let victims = try connection.withStatement(QueueSQL.evictionCandidates) { (statement) throws(SQLiteError) -> [(id: Int64, kind: String, size: Int64)] in
                    try statement.bind([.integer(after), .integer(256)])
                    var rows: [(id: Int64, kind: String, size: Int64)] = []
                    while try statement.step() { rows.append((statement.int64(0), statement.text(1), statement.int64(2))) }
                    return rows
                }
                if victims.isEmpty { break }  // everything left is under a live lease
                for victim in victims {
                    after = victim.id
                    try connection.execute(QueueSQL.deleteEvent, [.integer(victim.id)])
                    totals.add(kind: victim.kind, size: victim.size, sign: -1)
                    total -= victim.size
                    dropped += 1
                    if total <= options.maxBytes { break evicting }
                }
            }
            try applyTotals(totals)
            if dropped > 0 { evicted[EvictionReason.maxBytes] = dropped }
        }
        for (reason, count) in evicted {
            try addCounter("dropped." + reason, Int64(count))
        }
        if !evicted.isEmpty { try housekeepMetadata() }
        return evicted
    }

    /// Deletes metadata rows no event or dead letter references, except this instance's own.
    func housekeepMetadata() throws(SQLiteError) {
        let unreferenced = try connection.withStatement(QueueSQL.unreferencedMetadata) { (statement) throws(SQLiteError) -> [Int64] in
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
