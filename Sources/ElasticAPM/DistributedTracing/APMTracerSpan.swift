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

import Instrumentation
import Synchronization
public import Tracing

/// A swift-distributed-tracing span recorded by the agent: an Elastic transaction (no local parent) or a
/// span of the current transaction (local parent). Create it through ``APMTracer``.
///
/// The kind and the OpenTelemetry attributes decide, when the span ends, the Elastic type, name, context,
/// result and outcome (see ``APMTracer``). Setters are cheap: the mapping runs once, at the end.
public final class APMTracerSpan: Tracing.Span, Sendable {
    /// The context to pass to child spans and `inject`: the parent's, plus this span.
    public let context: ServiceContext
    /// Whether the span records anything; `false` for unsampled transactions and their spans.
    public let isRecording: Bool
    /// The span kind.
    let kind: SpanKind
    /// The transaction this span is, or belongs to.
    let transaction: APMTransaction
    /// The Elastic span, or `nil` when this span is the transaction.
    let span: APMSpan?

    private struct State {
        var operationName: String
        var attributes = SpanAttributes()
        var status: SpanStatus?
        var links: [APMSpanLink] = []
        var ended = false
        /// The transaction name the bridge set last; a different name at the end was set by the user and stays.
        var bridgedName: String
    }

    private let state: Mutex<State>

    /// Room reserved when the first attributes are set: what an HTTP server middleware sets on a request.
    private static let initialAttributeCapacity = 12

    init(operationName: String, kind: SpanKind, transaction: APMTransaction, span: APMSpan?, parentContext: ServiceContext) {
        self.kind = kind
        self.transaction = transaction
        self.span = span
        self.isRecording = transaction.isRecording && transaction.isSampled && (span?.isRecording ?? true)
        var context = parentContext
        context[ActiveContextKey.self] = ActiveContext(transaction: transaction, span: span)
        self.context = context
        self.state = Mutex(State(operationName: operationName, bridgedName: operationName))
        if span == nil { transaction.attachBridgingSpan(self) }
    }

    /// A span that records nothing (agent disabled or closed) and passes `parentContext` on unchanged.
    init(disabledWith parentContext: ServiceContext, operationName: String, kind: SpanKind) {
        self.kind = kind
        self.transaction = .disabled
        self.span = nil
        self.isRecording = false
        self.context = parentContext
        self.state = Mutex(State(operationName: operationName, ended: true, bridgedName: operationName))
    }

    /// The operation name; the Elastic name derives from it when the span ends.
    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    /// The attributes; they are mapped to Elastic fields and copied to `otel.attributes` when the span ends.
    ///
    /// While none is set, reading them gives an empty set with room for a request's attributes: callers read
    /// them to update them (`updateAttributes`, `span.attributes[key] = value`), and the set then does not
    /// grow one insertion at a time.
    public var attributes: SpanAttributes {
        get {
            var attributes = state.withLock { $0.attributes }
            if attributes.isEmpty { attributes.reserveCapacity(Self.initialAttributeCapacity) }
            return attributes
        }
        set {
            guard span == nil else {
                if isRecording { state.withLock { $0.attributes = newValue } }
                return
            }
            // A transaction's type, name and HTTP context are mapped at its end, or when an error or a caller
            // reads them before (``APMTransaction/refreshBridgedFields()``), not at every update.
            state.withLock { $0.attributes = newValue }
        }
    }

    /// Sets the status; `ok` cannot be turned into `error` afterwards, as OpenTelemetry specifies.
    public func setStatus(_ status: SpanStatus) {
        state.withLock { state in
            if state.status?.code == .ok { return }
            state.status = status
        }
    }

    /// Records an event. Elastic spans have no events: an `exception` event (with `exception.message`,
    /// `exception.type`) is captured as an error like ``recordError(_:attributes:at:)``; others are dropped.
    public func addEvent(_ event: Tracing.SpanEvent) {
        guard event.name == "exception", let core = transaction.core else { return }
        let attributes = BridgedAttributes(event.attributes)
        let message = attributes.string(.exceptionMessage, .exceptionType) ?? "exception"
        let exception = ErrorEvent.Exception(
            message: message, type: attributes.string(.exceptionType) ?? "exception", module: nil, code: nil,
            handled: !escaped(event.attributes), stackTrace: nil)
        captureError(core: core, exception: exception, timestamp: Int64(event.nanosecondsSinceEpoch / 1_000))
    }

    /// Captures `error` as an error event whose parent is this span (or transaction), with the call site's
    /// stack trace (not when its type is listed in `filter_exception_types`). It does not change the outcome.
    /// The error counts as unhandled when `exception.escaped` is
    /// `true`, or for a transaction when that attribute is absent (the error ended the request or job).
    public func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: SpanAttributes,
        at instant: @autoclosure () -> Instant
    ) {
        guard let core = transaction.core, core.snapshot.settings.recording else { return }
        let (type, module) = ExceptionDescription.type(of: error)
        guard !ExceptionDescription.isFiltered(type: type, module: module, by: core.snapshot.settings.filterExceptionTypes)
        else { return }
        let exception = ErrorEvent.Exception(
            message: ExceptionDescription.message(of: error), type: type, module: module, code: nil,
            handled: !escaped(attributes),
            stackTrace: CapturedStackTrace.capture(skipping: 1, limit: core.snapshot.settings.stackTraceLimit))
        captureError(core: core, exception: exception, timestamp: Int64(instant().nanosecondsSinceEpoch / 1_000))
    }

    private func escaped(_ attributes: SpanAttributes) -> Bool {
        if case .bool(let escaped)? = attributes.get("exception.escaped") { return escaped }
        return span == nil
    }

    private func captureError(core: AgentCore, exception: ErrorEvent.Exception, timestamp: Int64) {
        // `submitError` brings the transaction's type, name and HTTP context up to date first.
        _ = APMAgent.submitError(
            core: core, exception: exception, log: nil, context: nil, custom: [:],
            timestamp: timestamp, parent: ActiveContext(transaction: transaction, span: span),
            notesError: false)
    }

    /// Maps the attributes set so far to the transaction's type and name (unless the user renamed it) and HTTP
    /// context, while it runs: the error event names the transaction and carries `context.request` (and the body
    /// `capture_body=errors` sends).
    func bringTransactionUpToDate() {
        guard span == nil else { return }
        let (spanAttributes, operationName, bridgedName) = state.withLock {
            ($0.attributes, $0.operationName, $0.bridgedName)
        }
        let attributes = BridgedAttributes(spanAttributes)
        let shape = BridgedTransactionShape(kind: kind, operationName: operationName, attributes: attributes)
        if transaction.applyBridged(type: shape.type, name: shape.name, replacing: bridgedName) {
            state.withLock { $0.bridgedName = shape.name }
        }
        if isRecording {
            let (request, response) = shape.httpContext(attributes)
            transaction.applyBridged(request: request, response: response)
        }
    }

    /// Adds a link to another span (one begun by this agent's tracer, or a remote parent from `extract`).
    public func addLink(_ link: Tracing.SpanLink) {
        let elastic: APMSpanLink
        if let active = link.context[ActiveContextKey.self] {
            elastic = APMSpanLink(traceID: active.transaction.traceID, spanID: active.span?.id ?? active.transaction.id)
        } else if let remote = link.context[RemoteParentKey.self] {
            elastic = APMSpanLink(remote)
        } else {
            return
        }
        state.withLock { $0.links.append(elastic) }
    }

    /// Ends the span at `instant`: maps the attributes, sets name, type, context, result and outcome, and
    /// hands the Elastic transaction or span to the agent. Ending twice does nothing.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard
            let ended = state.withLock({ state -> State? in
                guard !state.ended else { return nil }
                state.ended = true
                return state
            })
        else { return }
        let endNanos = Timestamp.wall(micros: Int64(instant().nanosecondsSinceEpoch / 1_000)).monotonicNanos
        let attributes = BridgedAttributes(ended.attributes)
        let outcome = BridgedOutcome.outcome(kind: kind, status: ended.status, attributes: attributes)
        let otel = isRecording ? OTelFields(spanKind: kind.otelName, attributes: ended.attributes) : nil
        if let span {
            guard isRecording else { return span.end(at: endNanos) }
            let shape = BridgedSpanShape(kind: kind, operationName: ended.operationName, attributes: attributes)
            span.end(
                at: endNanos,
                bridged: BridgedSpanEnd(
                    name: shape.name, typeName: shape.typeName, context: shape.context.map(SharedSpanContext.init),
                    outcome: outcome, otel: otel,
                    links: ended.links))
            return
        }
        let shape = BridgedTransactionShape(kind: kind, operationName: ended.operationName, attributes: attributes)
        let (request, response) = isRecording ? shape.httpContext(attributes) : (nil, nil)
        transaction.applyBridged(
            type: shape.type, otel: otel, links: ended.links, request: request, response: response,
            outcome: outcome)
        // The stored name, read without asking this span to map its attributes again.
        let currentName = transaction.state.withLock { $0.name }
        transaction.end(name: currentName == ended.bridgedName ? shape.name : nil, result: shape.result, at: endNanos)
    }
}
