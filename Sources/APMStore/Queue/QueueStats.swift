/// A consistent snapshot of the queue, from ``EventQueue/stats(now:)``.
package struct QueueStats: Sendable, Equatable {
    /// Rows in `events`.
    package var events: Int
    /// Summed body sizes of those rows (what `maxBytes` bounds).
    package var bytes: Int64
    /// Rows per kind (kinds with no rows are absent).
    package var byKind: [String: Int]
    /// Bytes per kind (kinds with no rows are absent).
    package var bytesByKind: [String: Int64]
    /// Oldest `created_at` (µs), nil when empty.
    package var oldestCreatedAt: Int64?
    /// Newest `created_at` (µs), nil when empty.
    package var newestCreatedAt: Int64?
    /// Rows in `dead_letters`.
    package var deadLetters: Int
    /// Rows under a lease that has not expired at `now`.
    package var leasesHeld: Int
    /// Rows in `metadata`.
    package var metadataRows: Int
    /// `PRAGMA user_version`.
    package var schemaVersion: Int
    /// Size of the database file in bytes (without the WAL).
    package var fileSize: Int64
    /// Size of the `-wal` file in bytes (0 if absent).
    package var walSize: Int64
    /// The `counters` table.
    package var counters: [String: Int64]

    /// Creates a value (normally produced by the store).
    package init(
        events: Int, bytes: Int64, byKind: [String: Int], bytesByKind: [String: Int64],
        oldestCreatedAt: Int64?, newestCreatedAt: Int64?, deadLetters: Int, leasesHeld: Int,
        metadataRows: Int, schemaVersion: Int, fileSize: Int64, walSize: Int64, counters: [String: Int64]
    ) {
        self.events = events
        self.bytes = bytes
        self.byKind = byKind
        self.bytesByKind = bytesByKind
        self.oldestCreatedAt = oldestCreatedAt
        self.newestCreatedAt = newestCreatedAt
        self.deadLetters = deadLetters
        self.leasesHeld = leasesHeld
        self.metadataRows = metadataRows
        self.schemaVersion = schemaVersion
        self.fileSize = fileSize
        self.walSize = walSize
        self.counters = counters
    }
}
