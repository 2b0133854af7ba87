/// An event to append: one ndjson line, opaque to the store.
package struct NewEvent: Sendable, Equatable {
    /// "transaction", "span", "error", "metricset" or "log" (not checked by the store).
    package var kind: String
    /// When the event was captured, µs since the Unix epoch; drives `queue_max_age`.
    package var createdAt: Int64
    /// The ndjson line without its trailing newline.
    package var body: [UInt8]

    /// Creates an event to append.
    package init(kind: String, createdAt: Int64, body: [UInt8]) {
        self.kind = kind
        self.createdAt = createdAt
        self.body = body
    }
}
