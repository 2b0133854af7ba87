/// Listing order, by row id (= insertion order).
package enum EventOrder: Sendable {
    /// Oldest first (FIFO, the order of delivery).
    case oldestFirst
    /// Newest first.
    case newestFirst
}
