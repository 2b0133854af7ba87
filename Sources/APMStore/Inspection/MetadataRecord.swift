/// A row of the `metadata` table: one process run's ndjson metadata line.
public struct MetadataRecord: Sendable, Equatable {
    /// Row id, referenced by the run's events.
    public var id: Int64
    /// When the run registered it, µs since the Unix epoch.
    public var createdAt: Int64
    /// The metadata ndjson line without its trailing newline.
    public var body: [UInt8]

    /// Creates a value (normally produced by the store).
    public init(id: Int64, createdAt: Int64, body: [UInt8]) {
        self.id = id
        self.createdAt = createdAt
        self.body = body
    }
}
