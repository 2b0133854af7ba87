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

public import Instrumentation
public import Tracing

/// The agent's implementation of swift-distributed-tracing's `Tracer`: spans that libraries (Hummingbird,
/// Vapor, AsyncHTTPClient, Fluent, …) start through it become Elastic transactions and spans.
///
/// Get one with ``APMAgent/tracer``, or bootstrap the process-wide tracer with ``APMAgent/instrument()``.
///
/// - A span with a local parent (a span of this tracer in its context, or the agent's current transaction or
///   span) becomes a span of that transaction; `client` and `producer` spans are exit spans.
/// - Any other span becomes a transaction: continuing the trace of a parent extracted from incoming headers
///   (`extract`), else starting a trace.
/// - Attributes of the OpenTelemetry semantic conventions fill the type, name, result, `context.request`,
///   `context.response`, `context.db`, `context.http`, `context.message` and the destination; every attribute
///   except request and response headers is also copied to `otel.attributes`.
/// - The status and HTTP status codes give the outcome, `unknown` when neither is set.
public struct APMTracer: Tracer {
    private let fixedAgent: APMAgent?

    /// A tracer reporting to `agent`.
    init(agent: APMAgent) {
        self.fixedAgent = agent
    }

    /// The process-wide tracer ``APMAgent/instrument()`` bootstraps: it reports to the agent `instrument()`
    /// was called on last.
    static let instrumented = APMTracer(followingInstrumentedAgent: ())

    private init(followingInstrumentedAgent: Void) {
        self.fixedAgent = nil
    }

    /// The agent spans are reported to.
    var agent: APMAgent? { fixedAgent ?? InstrumentationBootstrap.agent }

    /// Starts a span; see ``APMTracer`` for how it maps to a transaction or span.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> APMTracerSpan {
        let parentContext = context()
        guard let agent, let core = agent.activeCore else {
            return APMTracerSpan(disabledWith: parentContext, operationName: operationName, kind: kind)
        }
        let start = Timestamp.wall(micros: Int64(instant().nanosecondsSinceEpoch / 1_000))
        let local = parentContext[ActiveContextKey.self]
        let remote = local == nil ? parentContext[RemoteParentKey.self] : nil
        // An extracted remote parent starts a transaction; otherwise the innermost local context is the parent.
        if let parent = local == nil && remote != nil ? nil : ActiveContext.innermost(traced: local, agent: ambient(core)) {
            let isInternal = kind == .internal
            let span = APMSpan.start(
                name: operationName, type: isInternal ? "app" : "unknown", subtype: isInternal ? "internal" : nil,
                action: nil, labels: [:], leaf: kind.isOutgoing, links: [], transaction: parent.transaction,
                parent: parent.span, at: start)
            return APMTracerSpan(
                operationName: operationName, kind: kind, transaction: parent.transaction, span: span,
                parentContext: parentContext)
        }
        let transaction = agent.makeTransaction(
            name: operationName, type: "unknown", traceParent: remote, links: [],
            start: start)
        return APMTracerSpan(
            operationName: operationName, kind: kind, transaction: transaction, span: nil,
            parentContext: parentContext)
    }

    /// The agent's current transaction or span (scoped API or thread), when it is a live transaction of this
    /// agent: a transaction some code left bound to a pooled thread after ending it is no parent.
    private func ambient(_ core: AgentCore) -> ActiveContext? {
        guard let bound = ActiveContext.agentBound, bound.transaction.core === core, !bound.transaction.isEnded else {
            return nil
        }
        return bound
    }

    /// Asks the agent to send what it captured, without blocking the caller (see ``APMAgent/flush(timeout:)``).
    public func forceFlush() {
        guard let agent else { return }
        Task.detached { _ = await agent.flush() }
    }
}
