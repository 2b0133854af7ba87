/// A causal link from a transaction or span to another trace's span (intake `links`).
public struct SpanLink: Sendable, Hashable {
    /// The linked trace.
    public var traceID: TraceID
    /// The linked span or transaction.
    public var spanID: SpanID

    /// Creates a link.
    public init(traceID: TraceID, spanID: SpanID) {
        self.traceID = traceID
        self.spanID = spanID
    }

    /// A link to the span a trace parent names.
    public init(_ traceParent: TraceParent) {
        self.init(traceID: traceParent.traceID, spanID: traceParent.parentID)
    }
}
