/// Position in an export: after event `afterEventID` of run `metadataID`.
public struct ExportCursor: Sendable, Equatable {
    /// The run (metadata row) of the last exported page.
    public var metadataID: Int64
    /// The last exported event id of that run.
    public var afterEventID: Int64

    /// Creates a cursor.
    public init(metadataID: Int64, afterEventID: Int64) {
        self.metadataID = metadataID
        self.afterEventID = afterEventID
    }
}
