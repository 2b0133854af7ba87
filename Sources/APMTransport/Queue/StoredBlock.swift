/// One stored block as the sender sees it: the lines of one run and one intake kind, kept as
/// concatenated gzip members whose decompression is exactly those lines.
///
/// The same shape as APMStore's `StoredBlock` of queue v2 (the store helper's contract); this
/// copy lets the sender be built and tested before that lands, and goes when it does.
package struct StoredBlock: Sendable, Hashable {
    /// The block id; ids grow with insertion order, so claiming by id is FIFO.
    package var id: Int64
    /// The intake kind of every line: `span`, `transaction`, `error`, `metricset` or `log`.
    package var kind: String
    /// The number of lines in the block.
    package var events: Int
    /// The ndjson bytes of the lines, newlines included.
    package var rawSize: Int
    /// Whether every line is an unsampled transaction (APM Server 8.0 and later drop those).
    package var isUnsampledTransactions: Bool
    /// How many requests carried the block without an answer that settled it.
    package var attempts: Int
    /// Concatenated gzip members; decompressed, the block's lines, each ending in `\n`.
    package var body: [UInt8]

    /// Creates a block value (normally produced by the queue).
    package init(
        id: Int64, kind: String, events: Int, rawSize: Int, isUnsampledTransactions: Bool, attempts: Int, body: [UInt8]
    ) {
        self.id = id
        self.kind = kind
        self.events = events
        self.rawSize = rawSize
        self.isUnsampledTransactions = isUnsampledTransactions
        self.attempts = attempts
        self.body = body
    }
}
