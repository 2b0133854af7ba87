/// Position in an export: after event `afterEventID` of run `metadataID`.
package struct ExportCursor: Sendable, Equatable {
    /// The run (metadata row) of the last exported page.
    package var metadataID: Int64
    /// The last exported event id of that run.
    package var afterEventID: Int64

    /// Creates a cursor.
    package init(metadataID: Int64, afterEventID: Int64) {
        self.metadataID = metadataID
        self.afterEventID = afterEventID
    }
}
