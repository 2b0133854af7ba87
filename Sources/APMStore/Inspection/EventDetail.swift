/// One event with the metadata row it is sent with (``EventQueue/event(id:)``).
public struct EventDetail: Sendable, Equatable {
    /// The event and its lease state, body included.
    public var info: EventInfo
    /// Its run's metadata.
    public var metadata: MetadataRecord

    /// Creates a value (normally produced by the store).
    public init(info: EventInfo, metadata: MetadataRecord) {
        self.info = info
        self.metadata = metadata
    }
}
