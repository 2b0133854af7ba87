/// Limits and tuning of an ``EventQueue``.
public struct QueueOptions: Sendable {
    /// Upper bound of the summed event body sizes (`queue_max_bytes`); the oldest rows are evicted
    /// beyond it. Default 256 MiB.
    public var maxBytes: Int64
    /// Events created longer ago than this are evicted (`queue_max_age`). Default 72 hours.
    public var maxAge: Duration
    /// Commit durability. Default `.batched`.
    public var durability: QueueDurability
    /// How long a statement waits for another connection's lock before failing with
    /// ``QueueError/locked(_:)``. Default 5 seconds.
    public var busyTimeout: Duration
    /// Most rows kept in `dead_letters`; the oldest are removed (and counted) beyond it. Default 10 000.
    public var deadLetterLimit: Int
    /// Run `PRAGMA quick_check` when ``EventQueue/init(path:options:logger:)`` opens an existing
    /// file, and quarantine the file if it fails. Default true.
    public var verifyOnOpen: Bool

    /// Creates options; every parameter has the documented default.
    public init(
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
