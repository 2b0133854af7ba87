/// What ``EventQueue/append(_:metadataID:now:)`` did.
package struct AppendResult: Sendable, Equatable {
    /// Rows inserted.
    package var appended: Int
    /// Rows evicted afterwards, by reason: "queue_max_bytes", "queue_max_age" (absent when 0).
    package var evicted: [String: Int]

    /// Creates a value (normally produced by the store).
    package init(appended: Int, evicted: [String: Int]) {
        self.appended = appended
        self.evicted = evicted
    }
}
