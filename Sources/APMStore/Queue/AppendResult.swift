/// What ``EventQueue/append(_:metadataID:now:)`` did.
public struct AppendResult: Sendable, Equatable {
    /// Rows inserted.
    public var appended: Int
    /// Rows evicted afterwards, by reason: "queue_max_bytes", "queue_max_age" (absent when 0).
    public var evicted: [String: Int]

    /// Creates a value (normally produced by the store).
    public init(appended: Int, evicted: [String: Int]) {
        self.appended = appended
        self.evicted = evicted
    }
}
