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

import APMRuntime
public import Foundation
import Synchronization

/// A unit of work in a service, such as one HTTP request or one background job.
///
/// Create transactions with ``APMAgent/withTransaction(_:type:traceParent:links:isolation:_:)`` (async code)
/// or ``APMAgent/beginTransaction(type:name:traceParent:links:start:)`` (synchronous code). A transaction is
/// safe to use from any thread; ending it hands a value to the agent's writer thread and returns
/// without I/O.
public final class APMTransaction: Sendable {
    /// This transaction's id.
    public let id: APMSpanID
    /// The trace it belongs to.
    public let traceID: APMTraceID
    /// The id of the remote parent span, when continuing a trace.
    let parentID: APMSpanID?
    /// Whether the transaction is sampled (records spans and context).
    public let isSampled: Bool
    /// Whether anything is recorded at all (`false` when the agent is disabled or `recording=false`).
    public let isRecording: Bool
    /// The sample rate recorded on the transaction and its spans, when known.
    let sampleRate: Double?
    /// The tracestate to propagate downstream.
    let traceState: TraceState
    let start: Timestamp
    let links: [APMSpanLink]
    let limits: TransactionLimits
    let core: AgentCore?
    /// Whether span self times are measured for breakdown metrics (sampled, recording, `breakdown_metrics`).
    let tracksBreakdown: Bool
    /// The incoming trace context a disabled transaction passes on unchanged (the agent is disabled or closed).
    let passthrough: APMTraceParent?
    /// The incoming W3C baggage, propagated downstream unchanged.
    let baggage: Baggage
    /// The baggage members `baggage_to_attach` selects, as `baggage.<key>` labels of this transaction,
    /// its spans and its errors.
    let baggageLabels: [String: APMLabelValue]

    struct State {
        var name: String
        var type: String
        var result: String?
        var userOutcome: APMOutcome?
        var agentOutcome: APMOutcome?
        var hasError = false
        var ended = false
        /// Set when the request URL matches `transaction_ignore_urls`: the transaction is not reported.
        var ignored = false
        var labels: [(String, APMLabelValue)] = []
        var custom: [String: APMCustomValue] = [:]
        var user: APMUserContext?
        var request: APMRequestContext?
        /// A body attached with ``APMTransaction/setRequestBody(_:)``; kept apart so `setRequest` does not replace it.
        var requestBody: String?
        var response: APMResponseContext?
        var spansReported = 0
        var spansDropped = 0
        var droppedStats = DroppedSpanStats()
        /// Direct children's running time (breakdown metrics).
        var childTimer = ChildTimer()
        /// Self times of ended spans (breakdown metrics).
        var selfTimes = SelfTimeTable()
        /// OpenTelemetry fields of a transaction begun through ``APMTracer``.
        var otel: OTelFields?
        /// Links added after the start (``APMTracerSpan/addLink(_:)``).
        var addedLinks: [APMSpanLink] = []
        /// The span a ``APMAgent/captureSpan(_:type:subtype:action:labels:leaf:links:start:duration:_:)`` last
        /// saw an error escape from, with that error's description, so the transaction's scope links the
        /// error to it when it escapes that too.
        var spanThatThrew: (span: APMSpan, error: String)?
        /// The tracer span this transaction is, when it was begun through ``APMTracer``: it maps its attributes
        /// to the type, name and HTTP context at its end, and when an error or a caller reads them before.
        weak var bridgingSpan: APMTracerSpan?

        /// The request context to report: ``request`` with ``requestBody`` merged in (no request, no body).
        var reportedRequest: APMRequestContext? {
            guard var request else { return nil }
            if let requestBody { request.body = requestBody }
            return request
        }
        /// Held-back compressible child span.
        var childBuffer = ChildSpanBuffer()
    }

    let state: Mutex<State>

    init(
        core: AgentCore?, name: String, type: String, traceID: APMTraceID, parentID: APMSpanID?, sampled: Bool,
        recording: Bool, sampleRate: Double?, traceState: TraceState, links: [APMSpanLink], limits: TransactionLimits,
        start: Timestamp = .now(), baggage: Baggage = Baggage(), passing passthrough: APMTraceParent? = nil
    ) {
        self.passthrough = passthrough
        self.baggage = baggage
        self.core = core
        self.id = APMSpanID.random()
        self.traceID = traceID
        self.parentID = parentID
        self.isSampled = sampled
        self.isRecording = recording
        self.sampleRate = sampleRate
        self.traceState = traceState
        self.links = links
        self.limits = limits
        self.start = start
        let baggageLabels =
            recording && !baggage.isEmpty
            ? baggage.labels(matching: core?.snapshot.settings.baggageToAttach ?? WildcardMatcherList([])) : [:]
        self.baggageLabels = baggageLabels
        var initial = State(name: name, type: type.isEmpty ? "custom" : type)
        if !baggageLabels.isEmpty { LabelKey.merge(baggageLabels, into: &initial.labels) }
        self.state = Mutex(initial)
        self.tracksBreakdown = recording && sampled && core?.breakdown != nil
    }

    /// The transaction type, e.g. `request` or `job`.
    public var type: String {
        refreshBridgedFields()
        return state.withLock { $0.type }
    }

    /// The transaction's name (e.g. `GET /users/:id`).
    public var name: String {
        refreshBridgedFields()
        return state.withLock { $0.name }
    }

    /// Whether ``end(name:result:duration:)`` was called.
    var isEnded: Bool { state.withLock { $0.ended } }

    /// The trace context to send downstream from this transaction (`traceparent`, `tracestate`,
    /// `baggage`). When the agent is disabled or closed the transaction has no trace of its own: this is
    /// the incoming trace context it was given, unchanged, or `nil` (send no `traceparent`).
    public var traceParent: APMTraceParent? {
        guard core != nil else { return passthrough }
        return APMTraceParent(traceID: traceID, parentID: id, sampled: isSampled, traceState: traceState, baggage: baggage)
    }

    /// Sets the name; with `override: false` only when no name was set yet.
    public func setName(_ name: String, override: Bool = true) {
        state.withLock { state in
            if override || state.name.isEmpty { state.name = name }
        }
    }

    /// Sets the result, e.g. `HTTP 2xx` or `success`; with `override: false` only when none was set.
    public func setResult(_ result: String, override: Bool = true) {
        state.withLock { state in
            if override || state.result == nil { state.result = result }
        }
    }

    /// Sets the outcome as the user; it wins over anything the agent or an instrumentation sets.
    public func setOutcome(_ outcome: APMOutcome, override: Bool = true) {
        state.withLock { state in
            if override || state.userOutcome == nil { state.userOutcome = outcome }
        }
    }

    /// Sets the outcome from an HTTP status code a server returned (5xx is a failure).
    public func setOutcome(httpStatusCode: Int, override: Bool = true) {
        setOutcome(APMOutcome.httpServer(statusCode: httpStatusCode), override: override)
    }

    /// Sets the outcome as an instrumentation would (the user's choice wins).
    func setAgentOutcome(_ outcome: APMOutcome) {
        state.withLock { $0.agentOutcome = outcome }
    }

    /// Adds labels (indexed, scalar values); keys with `.`, `*` or `"` become `_`.
    public func setLabels(_ labels: [String: APMLabelValue]) {
        guard isRecording else { return }
        state.withLock { state in LabelKey.merge(labels, into: &state.labels) }
    }

    /// Merges custom, non-indexed context (`context.custom`).
    public func setCustomContext(_ custom: [String: APMCustomValue]) {
        guard isRecording else { return }
        state.withLock { state in state.custom.merge(custom) { _, new in new } }
    }

    /// Updates the user (`context.user`, the Python agent's `set_user_context`): the fields `user`
    /// sets replace those set before, the others are kept.
    public func setUser(_ user: APMUserContext) {
        guard isRecording else { return }
        state.withLock { state in state.user = state.user.map { $0.updated(with: user) } ?? user }
    }

    /// Sets the HTTP request this transaction handles. When its path matches `transaction_ignore_urls`
    /// the transaction will not be reported.
    public func setRequest(_ request: APMRequestContext) {
        guard isRecording else { return }
        let ignored = core?.snapshot.settings.transactionIgnoreURLs.matches(request.url.pathname ?? "") ?? false
        state.withLock { state in
            state.request = request
            state.ignored = ignored
        }
    }

    /// Attaches the body of the HTTP request this transaction handles (`context.request.body`).
    ///
    /// For framework integrations that read the body themselves: it is merged into the request
    /// context set by ``setRequest(_:)`` (before or after this call) and is not replaced by it. Whether it
    /// is sent is decided when the event is encoded, by `capture_body` (`off`, `errors`,
    /// `transactions`, `all`); URL-encoded form bodies have sensitive fields redacted. A
    /// transaction without a request context reports no body.
    public func setRequestBody(_ body: String) {
        guard isRecording else { return }
        state.withLock { $0.requestBody = body }
    }

    /// Sets the HTTP response; also sets the outcome from its status code as an instrumentation would.
    public func setResponse(_ response: APMResponseContext) {
        guard isRecording else { return }
        state.withLock { state in
            state.response = response
            if let status = response.statusCode { state.agentOutcome = APMOutcome.httpServer(statusCode: status) }
        }
    }

    /// Starts a child span of this transaction (not made current); end it with ``APMSpan/end(duration:)``.
    /// `start` places it earlier than now (Python's `start`).
    public func beginSpan(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [], start: Date? = nil
    ) -> APMSpan {
        APMSpan.start(
            name: name, type: type, subtype: subtype, action: action, labels: labels, leaf: leaf, links: links,
            transaction: self, parent: nil, at: start.map(Timestamp.init(date:)) ?? now())
    }

    /// Now, on this transaction's clock: the monotonic clock placed on the wall clock by the
    /// transaction's start, so its spans' timestamps stay consistent with it (the Java agent's rule).
    func now() -> Timestamp {
        start.advanced(toMonotonic: SystemClock().monotonicNanos)
    }

    /// Ends the transaction; `name` and `result` are used only when none was set before (as the Python
    /// agent's `end_transaction`). Ending twice does nothing.
    /// `duration` replaces the measured duration (Python's `duration`).
    public func end(name: String? = nil, result: String? = nil, duration: Duration? = nil) {
        end(
            name: name, result: result, at: duration.map { start.monotonicNanos(after: $0) } ?? SystemClock().monotonicNanos,
            fillingOnly: true)
    }

    /// Ends the transaction at the monotonic time `endNanos`; `name` and `result` replace what was set
    /// unless `fillingOnly` (the public API: Python's `end_transaction` only fills what is unset; the
    /// tracer bridge names a transaction from its attributes at the end).
    func end(name: String?, result: String?, at endNanos: UInt64, fillingOnly: Bool = false) {
        let ignorePatterns = core?.snapshot.settings.transactionsIgnorePatterns
        // One lock: mark ended, release the held-back child, take the breakdown and build the event.
        let ending = state.withLock { state -> Ending? in
            guard !state.ended else { return nil }
            state.ended = true
            if let name, !fillingOnly || state.name.isEmpty { state.name = name }
            if let result, !fillingOnly || state.result == nil { state.result = result }
            guard isRecording, core != nil else { return nil }
            var ending = Ending()
            if let held = state.childBuffer.close(), state.admitReport(held, sampled: isSampled, maxSpans: limits.maxSpans) {
                ending.heldSpan = held
            }
            if state.ignored || ignorePatterns?.matches(state.name) == true {
                return ending
            }
            if tracksBreakdown {
                let childNanos = state.childTimer.finish(at: endNanos)
                let elapsed = endNanos > start.monotonicNanos ? endNanos - start.monotonicNanos : 0
                var table = state.selfTimes
                table.add(type: "app", subtype: nil, nanos: elapsed - min(elapsed, childNanos))
                ending.breakdown = table
            }
            ending.event = TransactionEvent(
                id: id, traceID: traceID, parentID: parentID,
                name: state.name.isEmpty ? "unnamed" : state.name, type: state.type, result: state.result,
                outcome: state.userOutcome ?? state.agentOutcome ?? (state.hasError ? .failure : .success),
                timestamp: start.wallMicros, duration: start.milliseconds(until: endNanos),
                sampled: isSampled, sampleRate: isSampled ? sampleRate : (sampleRate == nil ? nil : 0),
                spansStarted: state.spansReported, spansDropped: state.spansDropped,
                droppedSpanStats: isSampled ? state.droppedStats.entries : [],
                context: isSampled
                    ? EventContext(
                        labels: state.labels, custom: state.custom, user: state.user,
                        request: state.reportedRequest, response: state.response)
                    : EventContext(),
                links: state.addedLinks.isEmpty ? links : links + state.addedLinks, otel: isSampled ? state.otel : nil)
            return ending
        }
        guard let ending, let core else { return }
        if let held = ending.heldSpan { core.submit(.span(held)) }
        if let table = ending.breakdown, let event = ending.event {
            core.breakdown?.record(transactionName: event.name, transactionType: event.type, table)
        }
        if let event = ending.event { core.submit(.transaction(event)) }
    }

    /// What ending the transaction hands over once its lock is released.
    private struct Ending {
        /// The compressed child the transaction held back, when it is reported.
        var heldSpan: SpanEvent?
        /// Span self times and the transaction's own (breakdown metrics).
        var breakdown: SelfTimeTable?
        /// The transaction, unless it is ignored.
        var event: TransactionEvent?
    }

    /// Notes that `error` escaped `span`'s scope (see ``State/spanThatThrew``).
    func noteSpanThrew(_ span: APMSpan, _ error: any Error) {
        let description = Self.describe(error)
        state.withLock { $0.spanThatThrew = (span, description) }
    }

    /// The span `error` last escaped from, if it is the error noted by ``noteSpanThrew(_:_:)``; forgets it.
    func takeSpanThatThrew(_ error: any Error) -> APMSpan? {
        let description = Self.describe(error)
        return state.withLock { state in
            defer { state.spanThatThrew = nil }
            return state.spanThatThrew?.error == description ? state.spanThatThrew?.span : nil
        }
    }

    private static func describe(_ error: any Error) -> String {
        String(reflecting: Swift.type(of: error)) + ":" + String(reflecting: error)
    }

    /// Marks that an error was captured while this transaction was active (its default outcome becomes failure).
    func noteError() {
        state.withLock { $0.hasError = true }
    }
}
