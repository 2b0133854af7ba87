/// A change to `queue_totals` built up inside one write transaction: the events and bytes
/// added or removed per kind. Applied once per kind at the end (``EventQueue/applyTotals(_:)``),
/// so a batch of a thousand rows costs one upsert, not a thousand trigger runs.
struct TotalsDelta {
    private(set) var byKind: [String: (events: Int64, bytes: Int64)] = [:]

    /// True when nothing changed.
    var isEmpty: Bool { byKind.isEmpty }

    /// Counts one row of `kind` and `size` bytes as added (`sign` 1) or removed (`sign` -1).
    mutating func add(kind: String, size: Int64, sign: Int64) {
        byKind[kind, default: (0, 0)].events += sign
        byKind[kind, default: (0, 0)].bytes += sign * size
    }
}
