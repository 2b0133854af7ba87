/// What ``EventQueue/importEvents(metadata:metadataCreatedAt:events:now:)`` did.
public struct ImportResult: Sendable, Equatable {
    /// The metadata row created for the imported run.
    public var metadataID: Int64
    /// Rows inserted and evicted.
    public var append: AppendResult

    /// Creates a value (normally produced by the store).
    public init(metadataID: Int64, append: AppendResult) {
        self.metadataID = metadataID
        self.append = append
    }
}
