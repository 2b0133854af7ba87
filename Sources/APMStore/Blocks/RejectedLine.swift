/// One line the server rejected for good, for ``EventQueue/settleRejected(blocks:rejected:status:owner:now:)``.
package struct RejectedLine: Sendable, Hashable {
    /// The block holding the line.
    package var blockID: Int64
    /// The line's index in that block (0-based).
    package var line: Int
    /// The server's message for it, if any.
    package var reason: String?

    /// Creates a rejected line.
    package init(blockID: Int64, line: Int, reason: String?) {
        self.blockID = blockID
        self.line = line
        self.reason = reason
    }
}
