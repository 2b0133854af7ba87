/// One event with the metadata row it is sent with (``EventQueue/event(id:)``).
package struct EventDetail: Sendable, Equatable {
    /// The event and its lease state, body included.
    package var info: EventInfo
    /// Its run's metadata.
    package var metadata: MetadataRecord

    /// Creates a value (normally produced by the store).
    package init(info: EventInfo, metadata: MetadataRecord) {
        self.info = info
        self.metadata = metadata
    }
}
