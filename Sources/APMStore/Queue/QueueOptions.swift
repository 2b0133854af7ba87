/// Limits and tuning of an ``EventQueue``.
package struct QueueOptions: Sendable {
    /// Upper bound of the summed event body sizes (`queue_max_bytes`); the oldest rows are evicted
    /// beyond it. Default 256 MiB.
    package var maxBytes: Int64
    /// Events created longer ago than this are evicted (`queue_max_age`). Default 72 hours.
    package var maxAge: Duration
    /// Commit durability. Default `.batched`.
    package var durability: QueueDurability
    /// How long a statement waits for another connection's lock before failing with
    /// ``QueueError/locked(_:)``. Default 5 seconds.
    package var busyTimeout: Duration
    /// Most rows kept in `dead_letters`; the oldest are removed (and counted) beyond it. Default 10 000.
    package var deadLetterLimit: Int
    /// Run `PRAGMA quick_check` when ``EventQueue/init(path:options:logger:)`` opens an existing
    /// file, and quarantine the file if it fails. Default true.
    package var verifyOnOpen: Bool

    /// Creates options; every parameter has the documented default.
    package init(
        maxBytes: Int64 = 256 << 20,
        maxAge: Duration = .seconds(72 * 3600),
        durability: QueueDurability = .batched,
        busyTimeout: Duration = .seconds(5),
        deadLetterLimit: Int = 10_000,
        verifyOnOpen: Bool = true
    ) {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
        self.durability = durability
        self.busyTimeout = busyTimeout
        self.deadLetterLimit = deadLetterLimit
        self.verifyOnOpen = verifyOnOpen
    }
}
