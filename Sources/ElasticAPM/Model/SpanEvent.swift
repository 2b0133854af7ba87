/// An ended span, as handed from the application thread to the writer thread.
struct SpanEvent: Sendable {
    var id: SpanID
    var transactionID: SpanID
    var parentID: SpanID
    var traceID: TraceID
    var name: String
    var type: String
    var subtype: String?
    var action: String?
    var timestamp: Int64
    var duration: Double
    var outcome: Outcome
    var isExit: Bool
    var sync: Bool?
    var sampleRate: Double?
    var labels: [(String, LabelValue)]
    var context: SpanContext?
    var serviceTarget: ServiceTarget?
    var composite: Composite?
    var stackTrace: CapturedStackTrace?
    var links: [SpanLink]
    /// `otel.span_kind` and `otel.attributes` of a span begun through ``APMTracer``.
    var otel: OTelFields? = nil

    /// The compressed-span summary (intake `composite`).
    struct Composite: Sendable {
        var count: Int
        var sum: Double
        var strategy: String
    }

    /// The inferred or user-set destination service of an exit span.
    struct ServiceTarget: Sendable, Hashable {
        var type: String?
        var name: String?
        var resource: String?
    }
}
