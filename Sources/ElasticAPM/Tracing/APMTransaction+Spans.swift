//===----------------------------------------------------------------------===//
//
// This source file is part of the apm-agent-swift open source project
//
// Copyright (c) 2026 the apm-agent-swift project authors
// Licensed under Apache License v2.0
//
// See LICENSE for license information
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

/// The span bookkeeping of a transaction: admitting spans at their start, and counting,
/// compressing, dropping and reporting them at their end, under the transaction's lock.
extension APMTransaction {
    /// Admits a span starting at `startNanos`: not recorded when the transaction has ended, dropped
    /// when the `transaction_max_spans` budget is spent. A direct child also starts a child interval
    /// (breakdown metrics).
    func admitSpan(startingAt startNanos: UInt64, childOfTransaction: Bool) -> (recording: Bool, dropped: Bool) {
        state.withLock { state in
            guard !state.ended else { return (false, false) }
            if tracksBreakdown, childOfTransaction { state.childTimer.childStarted(at: startNanos) }
            return (true, state.spansReported >= limits.maxSpans)
        }
    }

    /// Runs an ended span through the max-spans limit, breakdown, compression and fast-exit drop, and
    /// hands what is to be reported to the writer. `selfTime` is the span's breakdown contribution,
    /// when the transaction tracks breakdown metrics. A child of the transaction takes one lock; a
    /// child of a span also takes its parent's (compression) and the transaction's again to count it.
    func handleEnded(
        _ span: SpanEvent, droppedAtStart: Bool, hasPropagatedContext: Bool, parent: APMSpan?,
        selfTime: SpanSelfTime?
    ) {
        let eligible = SpanCompression.isEligible(span, hasPropagatedContext: hasPropagatedContext)
        var lateBreakdownName: String?
        var reported: (SpanEvent?, SpanEvent?) = (nil, nil)
        if let parent {
            let admitted = state.withLock { state -> Bool in
                if let selfTime { lateBreakdownName = state.recordSelfTime(selfTime) }
                guard !droppedAtStart, state.spansReported < limits.maxSpans else {
                    state.countDropped(span, sampled: isSampled)
                    return false
                }
                return true
            }
            let offer =
                admitted || selfTime != nil
                ? parent.childEnded(
                    at: selfTime?.endNanos, offering: admitted ? span : nil, eligible: eligible,
                    limits: limits.compression)
                : nil
            if let offer, case .report = offer {
                reported = state.withLock { state in
                    state.settle(
                        offer, endedSpan: span, hasPropagatedContext: hasPropagatedContext, sampled: isSampled,
                        limits: limits)
                }
            }
        } else {
            reported = state.withLock { state in
                if let selfTime { lateBreakdownName = state.recordSelfTime(selfTime) }
                guard !droppedAtStart, state.spansReported < limits.maxSpans else {
                    state.countDropped(span, sampled: isSampled)
                    return (nil, nil)
                }
                let offer = state.childBuffer.offer(
                    span, eligible: eligible, limits: limits.compression,
                    parentEnded: state.ended)
                return state.settle(
                    offer, endedSpan: span, hasPropagatedContext: hasPropagatedContext, sampled: isSampled,
                    limits: limits)
            }
        }
        if let lateBreakdownName, let selfTime {
            core?.breakdown?.record(transactionName: lateBreakdownName, transactionType: type, selfTime)
        }
        if let first = reported.0 { core?.submit(.span(first)) }
        if let second = reported.1 { core?.submit(.span(second)) }
    }

    /// Reports a span unless the max-spans budget ran out meanwhile (then it is dropped and counted).
    func report(_ span: SpanEvent) {
        let accepted = state.withLock { state in state.admitReport(span, sampled: isSampled, maxSpans: limits.maxSpans) }
        if accepted { core?.submit(.span(span)) }
    }
}

/// The span accounting of a transaction, done under its lock.
extension APMTransaction.State {
    /// Whether a span may be reported: not when the transaction is ignored, nor when the max-spans
    /// budget is spent (then it is counted as dropped). Counts it as reported otherwise.
    mutating func admitReport(_ span: SpanEvent, sampled: Bool, maxSpans: Int) -> Bool {
        if ignored { return false }
        guard spansReported < maxSpans else {
            spansDropped += 1
            if sampled, span.isExit {
                droppedStats.record(target: span.serviceTarget, outcome: span.outcome, durationMillis: span.duration)
            }
            return false
        }
        spansReported += 1
        return true
    }

    /// Counts a span (or the spans a composite stands for) that is not reported.
    mutating func countDropped(_ span: SpanEvent, sampled: Bool) {
        spansDropped += span.composite?.count ?? 1
        if sampled, span.isExit {
            droppedStats.record(target: span.serviceTarget, outcome: span.outcome, durationMillis: span.duration)
        }
    }

    /// Records an ended span's self time; once the transaction has ended, returns the transaction
    /// name to record it under directly (`nil` when ignored or still running).
    mutating func recordSelfTime(_ selfTime: SpanSelfTime) -> String? {
        if ended { return ignored ? nil : (name.isEmpty ? "unnamed" : name) }
        if selfTime.childOfTransaction { childTimer.childEnded(at: selfTime.endNanos) }
        selfTimes.add(type: selfTime.type, subtype: selfTime.subtype, nanos: selfTime.nanos)
        return nil
    }

    /// Applies the fast-exit drop (`exit_span_min_duration`) and the budget to what the compression
    /// buffer released, and returns the spans to hand to the writer, in order.
    mutating func settle(
        _ offer: ChildSpanBuffer.Offer, endedSpan: SpanEvent, hasPropagatedContext: Bool, sampled: Bool,
        limits: TransactionLimits
    ) -> (SpanEvent?, SpanEvent?) {
        guard case .report(let first, let second) = offer else { return (nil, nil) }
        func settleOne(_ span: SpanEvent) -> SpanEvent? {
            let propagated = span === endedSpan && hasPropagatedContext
            if SpanCompression.isEligible(span, hasPropagatedContext: propagated), span.duration < limits.exitSpanMinMillis {
                countDropped(span, sampled: sampled)
                return nil
            }
            return admitReport(span, sampled: sampled, maxSpans: limits.maxSpans) ? span : nil
        }
        let reportedFirst = settleOne(first)
        return (reportedFirst, second.flatMap(settleOne))
    }
}
