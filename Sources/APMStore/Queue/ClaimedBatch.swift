/// Rows leased to one sender by ``EventQueue/claim(owner:maxEvents:maxBytes:lease:now:)``:
/// all of one process run, in FIFO order, with that run's metadata line.
public struct ClaimedBatch: Sendable, Equatable {
    /// The metadata row shared by every event of the batch.
    public var metadataID: Int64
    /// The metadata ndjson line to send first.
    public var metadata: [UInt8]
    /// The events, oldest first.
    public var events: [StoredEvent]
    /// The lease owner given to `claim`.
    public var leaseOwner: String
    /// When the lease ends (µs); after that another claim may take the rows again.
    public var leaseUntil: Int64

    /// Ids of the events, in order (for `acknowledge`, `release`, `deadLetter`).
    public var ids: [Int64] { events.map(\.id) }
    /// Summed body sizes of the events.
    public var bytes: Int { events.reduce(0) { $0 + $1.size } }

    /// Creates a value (normally produced by the store).
    public init(metadataID: Int64, metadata: [UInt8], events: [StoredEvent], leaseOwner: String, leaseUntil: Int64) {
        self.metadataID = metadataID
        self.metadata = metadata
        self.events = events
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}
