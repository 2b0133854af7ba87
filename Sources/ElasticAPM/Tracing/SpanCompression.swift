import Synchronization

/// Span compression (spec `handling-huge-traces/tracing-spans-compress.md`): consecutive fast
/// exit spans of the same kind under one parent are merged into one composite span.
enum SpanCompression {
    /// The limits, read once per transaction.
    struct Limits: Sendable {
        var enabled: Bool
        var exactMatchMaxMillis: Double
        var sameKindMaxMillis: Double
    }

    /// Whether an ended span may take part in compression.
    static func isEligible(_ span: SpanEvent, hasPropagatedContext: Bool) -> Bool {
        span.isExit && !hasPropagatedContext && span.outcome == .success
    }

    private static func isSameKind(_ a: SpanEvent, _ b: SpanEvent) -> Bool {
        a.type == b.type && a.subtype == b.subtype
            && a.serviceTarget?.type == b.serviceTarget?.type && a.serviceTarget?.name == b.serviceTarget?.name
    }

    /// Tries to merge `sibling` into `buffered`; returns `false` (leaving both unchanged) when they may not be merged.
    static func tryCompress(_ buffered: inout SpanEvent, with sibling: SpanEvent, limits: Limits) -> Bool {
        guard isSameKind(buffered, sibling) else { return false }
        if let composite = buffered.composite {
            switch composite.strategy {
            case "exact_match":
                guard buffered.name == sibling.name, sibling.duration <= limits.exactMatchMaxMillis else { return false }
            default:
                guard sibling.duration <= limits.sameKindMaxMillis else { return false }
            }
        } else if buffered.name == sibling.name {
            guard buffered.duration <= limits.exactMatchMaxMillis, sibling.duration <= limits.exactMatchMaxMillis
            else { return false }
            buffered.composite = SpanEvent.Composite(count: 1, sum: buffered.duration, strategy: "exact_match")
        } else {
            guard buffered.duration <= limits.sameKindMaxMillis, sibling.duration <= limits.sameKindMaxMillis
            else { return false }
            buffered.composite = SpanEvent.Composite(count: 1, sum: buffered.duration, strategy: "same_kind")
            buffered.name = compositeName(for: buffered)
        }
        buffered.composite!.count += 1
        buffered.composite!.sum += sibling.duration
        let bufferedEnd = Double(buffered.timestamp) / 1000 + buffered.duration
        let siblingEnd = Double(sibling.timestamp) / 1000 + sibling.duration
        let start = min(buffered.timestamp, sibling.timestamp)
        buffered.duration = max(bufferedEnd, siblingEnd) - Double(start) / 1000
        buffered.timestamp = start
        return true
    }

    /// `Calls to <type>/<name>`, `Calls to <type>`, `Calls to <name>` or `Calls to unknown`.
    static func compositeName(for span: SpanEvent) -> String {
        let type = span.serviceTarget?.type.flatMap { $0.isEmpty ? nil : $0 }
        let name = span.serviceTarget?.name.flatMap { $0.isEmpty ? nil : $0 }
        switch (type, name) {
        case let (type?, name?): return "Calls to \(type)/\(name)"
        case let (type?, nil): return "Calls to \(type)"
        case let (nil, name?): return "Calls to \(name)"
        case (nil, nil): return "Calls to unknown"
        }
    }
}

/// The one ended child a parent may hold back for compression, and whether the parent has ended.
final class ChildSpanBuffer: Sendable {
    private struct State {
        var parentEnded = false
        var buffered: SpanEvent?
    }

    private let state = Mutex(State())

    /// What the caller must report after offering a span to the buffer.
    enum Offer {
        /// The span was buffered or merged; nothing to report now.
        case held
        /// Report these spans (in order) now.
        case report([SpanEvent])
    }

    /// Offers an ended child: buffered/merged when compression allows, otherwise returned for reporting
    /// together with a previously buffered sibling that can no longer be merged.
    func offer(_ span: SpanEvent, eligible: Bool, limits: SpanCompression.Limits) -> Offer {
        state.withLock { state in
            if state.parentEnded { return .report([span]) }
            guard eligible, limits.enabled else {
                if let previous = state.buffered {
                    state.buffered = nil
                    return .report([previous, span])
                }
                return .report([span])
            }
            guard var previous = state.buffered else {
                state.buffered = span
                return .held
            }
            if SpanCompression.tryCompress(&previous, with: span, limits: limits) {
                state.buffered = previous
                return .held
            }
            state.buffered = span
            return .report([previous])
        }
    }

    /// Marks the parent ended and returns the held span, if any, for reporting.
    func closeParent() -> SpanEvent? {
        state.withLock { state in
            state.parentEnded = true
            defer { state.buffered = nil }
            return state.buffered
        }
    }
}
