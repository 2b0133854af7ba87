/// What a flush achieved.
public struct FlushResult: Sendable, Equatable {
    /// How many of the rows queued when the flush began the server accepted during it.
    public var sent: Int
    /// How many of those rows are still queued (an estimate when other senders share the
    /// queue); 0 when ``completed``.
    public var remaining: Int
    /// Whether every row queued when the flush began was acknowledged, dead-lettered or
    /// skipped before the timeout.
    public var completed: Bool

    /// Creates a flush result.
    public init(sent: Int, remaining: Int, completed: Bool) {
        self.sent = sent
        self.remaining = remaining
        self.completed = completed
    }
}
