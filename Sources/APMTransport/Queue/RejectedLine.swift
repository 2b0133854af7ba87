/// One line of a block that APM Server rejected for good, with its message.
///
/// The same shape as APMStore's `RejectedLine` of queue v2; see ``StoredBlock``.
package struct RejectedLine: Sendable, Hashable {
    /// The block holding the line.
    package var blockID: Int64
    /// The line's index in that block, from 0.
    package var line: Int
    /// The server's message for the line, if one is known.
    package var reason: String?

    /// Creates a rejected line.
    package init(blockID: Int64, line: Int, reason: String?) {
        self.blockID = blockID
        self.line = line
        self.reason = reason
    }
}
