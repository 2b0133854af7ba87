import CSQLite

extension EventQueue {
    /// Counter names used by the store.
    public enum CounterName {
        /// Rows evicted because the queue exceeded `maxBytes`.
        public static let droppedMaxBytes = "dropped.queue_max_bytes"
        /// Rows evicted because they were older than `maxAge`.
        public static let droppedMaxAge = "dropped.queue_max_age"
        /// Dead letters removed to keep `deadLetterLimit`.
        public static let deadLettersEvicted = "dead_letters.evicted"
        /// Rows removed by ``EventQueue/purgeEvents(kind:olderThan:)``.
        public static let purged = "purged"
    }

    /// Eviction reason keys of ``AppendResult/evicted`` and ``evict(now:)``.
    public enum EvictionReason {
        /// Over `maxBytes`.
        public static let maxBytes = "queue_max_bytes"
        /// Older than `maxAge`.
        public static let maxAge = "queue_max_age"
    }

    /// Stores this process run's metadata line; returns the id its events reference.
    /// The row is kept while this instance lives, even with no events.
    public func registerMetadata(_ body: [UInt8], createdAt: Int64) throws(QueueError) -> Int64 {
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
    public func append(_ events: [NewEvent], metadataID: Int64, now: Int64) throws(QueueError) -> AppendResult {
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
    public func claim(owner: String, maxEvents: Int, maxBytes: Int, lease: Duration, now: Int64) throws(QueueError) -> ClaimedBatch? {
        guard maxEvents > 0 else { return nil }
        let leaseUntil = Microseconds.adding(now, Microseconds.of(lease))
        return try write { () throws(SQLiteError) -> ClaimedBatch? in
            try connection.execute(QueueSQL.reclaimExpired, [.integer(now)])
            let oldest = try connection.withStatement(QueueSQL.oldestClaimable) { (statement) throws(SQLiteError) -> Int64? in
                guard try statement.step() else { return nil }
                return statement.int64(1)
            }
            guard let metadataID = oldest else { return nil }
            let events = try connection.withStatement(QueueSQL.claimableOfRun) { (statement) throws(SQLiteError) -> [StoredEvent] in
                try statement.bind([.integer(metadataID), .integer(Int64(maxEvents))])
                var rows: [StoredEvent] = []
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
            guard let last = events.last else { return nil }
            let leased = try connection.execute(
                QueueSQL.leaseRun,
                [.text(owner), .integer(leaseUntil), .integer(metadataID), .integer(last.id)]
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
    public func acknowledge(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            var deleted = 0
            for id in ids {
                deleted += try connection.execute(QueueSQL.acknowledge, [.integer(id), .text(owner)])
            }
            if deleted > 0 { try housekeepMetadata() }
            return deleted
        }
    }

    /// Gives back the rows of `ids` leased by `owner` (delivery failed, to retry): the lease is
    /// cleared and `attempts` incremented. Returns how many rows were released.
    @discardableResult
    public func release(_ ids: [Int64], owner: String) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            var released = 0
            for id in ids {
                released += try connection.execute(QueueSQL.release, [.integer(id), .text(owner)])
            }
            return released
        }
    }

    /// Moves the rows of `ids` leased by `owner` to `dead_letters` (rejected for good, with the
    /// HTTP `status` and a per-event reason from `reasons`), then trims `dead_letters` to
    /// `deadLetterLimit`, oldest first, counting removals in "dead_letters.evicted".
    /// Returns how many rows were moved.
    @discardableResult
    public func deadLetter(_ ids: [Int64], owner: String, status: Int, reasons: [Int64: String], now: Int64) throws(QueueError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { () throws(SQLiteError) -> Int in
            var moved = 0
            for id in ids {
                let copied = try connection.execute(
                    QueueSQL.copyToDeadLetters,
                    [.integer(now), .integer(Int64(status)), .string(reasons[id]), .integer(id), .text(owner)]
                )
                if copied > 0 {
                    try connection.execute(QueueSQL.deleteEvent, [.integer(id)])
                    moved += 1
                }
            }
            try capDeadLetters()
            return moved
        }
    }

    /// Applies `maxAge` and `maxBytes` now (as after an append); returns evictions by reason.
    @discardableResult
    public func evict(now: Int64) throws(QueueError) -> [String: Int] {
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

    func insert(_ events: [NewEvent], metadataID: Int64) throws(SQLiteError) {
        for event in events {
            try connection.execute(QueueSQL.insertEvent, [
                .integer(metadataID), .text(event.kind), .integer(event.createdAt),
                .integer(Int64(event.body.count)), .blob(event.body),
            ])
        }
    }

    /// Age then byte eviction, oldest rows first, skipping live leases; counts and housekeeps.
    func evictLocked(now: Int64) throws(SQLiteError) -> [String: Int] {
        var evicted: [String: Int] = [:]
        let cutoff = Microseconds.subtracting(now, Microseconds.of(options.maxAge))
        let aged = try connection.execute(QueueSQL.evictByAge, [.integer(cutoff), .integer(now)])
        if aged > 0 { evicted[EvictionReason.maxAge] = aged }

        var total = try connection.queryInt(QueueSQL.totalBytes) ?? 0
        if total > options.maxBytes {
            try connection.execute(QueueSQL.reclaimExpired, [.integer(now)])
            var dropped = 0
            evicting: while total > options.maxBytes {
                let victims = try connection.withStatement(QueueSQL.evictionCandidates) { (statement) throws(SQLiteError) -> [(id: Int64, size: Int64)] in
                    try statement.bind([.integer(256)])
                    var rows: [(id: Int64, size: Int64)] = []
                    while try statement.step() { rows.append((statement.int64(0), statement.int64(1))) }
                    return rows
                }
                if victims.isEmpty { break }  // everything left is under a live lease
                for victim in victims {
                    try connection.execute(QueueSQL.deleteEvent, [.integer(victim.id)])
                    total -= victim.size
                    dropped += 1
                    if total <= options.maxBytes { break evicting }
                }
            }
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
