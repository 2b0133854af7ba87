/// Breakdown-metric bookkeeping of a span: its direct children's running time, under the span's lock.
extension Span {
    /// A direct child started at `nanos` (breakdown metrics).
    func childStarted(at nanos: UInt64) {
        state.withLock { state in
            if !state.ended { state.childTimer.childStarted(at: nanos) }
        }
    }

    /// A direct child ended at `nanos` (breakdown metrics).
    func childEnded(at nanos: UInt64) {
        state.withLock { state in
            if !state.ended { state.childTimer.childEnded(at: nanos) }
        }
    }
}
