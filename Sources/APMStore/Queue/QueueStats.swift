/// A consistent snapshot of the queue, from ``EventQueue/stats(now:)``.
public struct QueueStats: Sendable, Equatable {
    /// Rows in `events`.
    public var events: Int
    /// Summed body sizes of those rows (what `maxBytes` bounds).
    public var bytes: Int64
    /// Rows per kind (kinds with no rows are absent).
    public var byKind: [String: Int]
    /// Bytes per kind (kinds with no rows are absent).
    public var bytesByKind: [String: Int64]
    /// Oldest `created_at` (µs), nil when empty.
    public var oldestCreatedAt: Int64?
    /// Newest `created_at` (µs), nil when empty.
    public var newestCreatedAt: Int64?
    /// Rows in `dead_letters`.
    public var deadLetters: Int
    /// Rows under a lease that has not expired at `now`.
    public var leasesHeld: Int
    /// Rows in `metadata`.
    public var metadataRows: Int
    /// `PRAGMA user_version`.
    public var schemaVersion: Int
    /// Size of the database file in bytes (without the WAL).
    public var fileSize: Int64
    /// Size of the `-wal` file in bytes (0 if absent).
    public var walSize: Int64
    /// The `counters` table.
    public var counters: [String: Int64]

    /// Creates a value (normally produced by the store).
    public init(
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
