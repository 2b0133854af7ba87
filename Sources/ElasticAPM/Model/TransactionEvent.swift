/// An ended transaction, as handed from the application thread to the writer thread.
struct TransactionEvent: Sendable {
    var id: SpanID
    var traceID: TraceID
    var parentID: SpanID?
    var name: String
    var type: String
    var result: String?
    var outcome: Outcome
    var timestamp: Int64
    var duration: Double
    var sampled: Bool
    var sampleRate: Double?
    var spansStarted: Int
    var spansDropped: Int
    var droppedSpanStats: [DroppedSpanStats.Entry]
    var context: EventContext
    var links: [SpanLink]
    /// `otel.span_kind` and `otel.attributes` of a transaction begun through ``APMTracer``.
    var otel: OTelFields? = nil
}

/// Context shared by transactions and errors (`context.*`).
struct EventContext: Sendable {
    var labels: [(String, LabelValue)] = []
    var custom: [String: CustomValue] = [:]
    var user: UserContext?
    var request: RequestContext?
    var response: ResponseContext?

    var isEmpty: Bool {
        labels.isEmpty && custom.isEmpty && (user?.isEmpty ?? true) && request == nil && response == nil
    }
}
