/// Breakdown-metric bookkeeping of a transaction: its direct children's running time and the self
/// times of its spans, kept under the transaction's lock and handed to the agent's
/// ``BreakdownAccumulator`` when it ends.
extension Transaction {
    /// Admits a span starting at `startNanos`: not recorded when the transaction has ended, dropped
    /// when the `transaction_max_spans` budget is spent. A direct child also starts a child interval.
    func admitSpan(startingAt startNanos: UInt64, childOfTransaction: Bool) -> (recording: Bool, dropped: Bool) {
        state.withLock { state in
            guard !state.ended else { return (false, false) }
            if tracksBreakdown, childOfTransaction { state.childTimer.childStarted(at: startNanos) }
            return (true, state.spansReported >= limits.maxSpans)
        }
    }

    /// Records an ended span's self time (straight into the accumulator when the transaction has
    /// already ended) and returns whether the max-spans budget still allows reporting it.
    func recordSelfTime(_ selfTime: SpanSelfTime) -> Bool {
        var lateName: String?
        let hasBudget = state.withLock { state -> Bool in
            if state.ended {
                if !state.ignored { lateName = state.name }
            } else {
                if selfTime.childOfTransaction { state.childTimer.childEnded(at: selfTime.endNanos) }
                state.selfTimes.add(type: selfTime.type, subtype: selfTime.subtype, nanos: selfTime.nanos)
            }
            return state.spansReported < limits.maxSpans
        }
        if let lateName {
            core?.breakdown?.record(transactionName: Self.breakdownName(lateName), transactionType: type, selfTime)
        }
        return hasBudget
    }

    /// Hands the span self times and the transaction's own self time (span type `app`) to the accumulator.
    func reportBreakdown(endNanos: UInt64, childNanos: UInt64) {
        guard let accumulator = core?.breakdown else { return }
        let (name, ignored, spans) = state.withLock { ($0.name, $0.ignored, $0.selfTimes) }
        guard !ignored else { return }
        var table = spans
        let elapsed = endNanos > start.monotonicNanos ? endNanos - start.monotonicNanos : 0
        table.add(type: "app", subtype: nil, nanos: elapsed - min(elapsed, childNanos))
        accumulator.record(transactionName: Self.breakdownName(name), transactionType: type, table)
    }

    /// The name breakdown metrics use (the reported one: `unnamed` when empty).
    private static func breakdownName(_ name: String) -> String { name.isEmpty ? "unnamed" : name }
}
