import Instrumentation

/// The agent's transaction and span that a `ServiceContext` carries: set on the context of every
/// ``APMTracerSpan``, read by ``APMTracer`` (local parent) and by the agent's current-context lookup.
enum ActiveContextKey: ServiceContextKey {
    typealias Value = ActiveContext
    static var nameOverride: String? { "elastic-apm-active-context" }
}

/// A trace parent extracted from incoming `traceparent`/`tracestate` headers by ``APMTracer``'s `extract`:
/// the next span started with that context becomes a transaction continuing the trace.
enum RemoteParentKey: ServiceContextKey {
    typealias Value = APMTraceParent
    static var nameOverride: String? { "elastic-apm-remote-parent" }
}
