/// Blocks leased to one sender: the oldest claimable blocks of one process run, FIFO, with that
/// run's metadata line.
///
/// The same shape as APMStore's `ClaimedBlocks` of queue v2; see ``StoredBlock``.
package struct ClaimedBlocks: Sendable {
    /// The run (metadata row) every block belongs to.
    package var metadataID: Int64
    /// The run's `{"metadata":…}` line, without a trailing newline.
    package var metadata: [UInt8]
    /// The blocks, oldest first.
    package var blocks: [StoredBlock]
    /// The lease owner given to the claim.
    package var leaseOwner: String
    /// When the lease ends (µs since the epoch).
    package var leaseUntil: Int64

    /// Creates a claim value (normally produced by the queue).
    package init(metadataID: Int64, metadata: [UInt8], blocks: [StoredBlock], leaseOwner: String, leaseUntil: Int64) {
        self.metadataID = metadataID
        self.metadata = metadata
        self.blocks = blocks
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}
