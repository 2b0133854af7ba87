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

/// A timed operation inside a transaction, such as a database query or an outgoing HTTP call.
///
/// Create spans with ``APMAgent/captureSpan(_:type:subtype:action:labels:leaf:links:start:duration:_:)``
/// or ``APMTransaction/beginSpan(_:type:subtype:action:labels:leaf:links:start:)``. Ending a span hands a value to the agent's
/// writer thread and returns without I/O.
public final class APMSpan: Sendable {
    /// This span's id.
    public let id: APMSpanID
    /// The transaction it belongs to.
    public let transaction: APMTransaction
    /// The parent span, or `nil` when the parent is the transaction.
    let parent: APMSpan?
    /// The span type, e.g. `db`; a dotted `db.mysql.query` is split into type, subtype and action.
    public let type: String
    /// The subtype, e.g. `mysql`.
    let subtype: String?
    /// The action, e.g. `query`.
    let action: String?
    /// Whether this span is an exit span (`leaf`): a call to another service; no child spans are recorded under it.
    let isLeaf: Bool
    /// Whether the span is recorded (`false` for spans of unsampled transactions and spans under a leaf).
    public let isRecording: Bool
    let droppedAtStart: Bool
    let start: Timestamp
    let links: [APMSpanLink]

    struct State {
        var name: String
        var labels: [(String, APMLabelValue)]
        var userOutcome: APMOutcome?
        var agentOutcome: APMOutcome?
        var hasError = false
        var ended = false
        var hasPropagatedContext = false
        var context: SharedSpanContext?
        var sync: Bool?
        /// Direct children's running time (breakdown metrics).
        var childTimer = ChildTimer()
        /// Held-back compressible child span.
        var childBuffer = ChildSpanBuffer()
    }

    let state: Mutex<State>

    private init(
        id: APMSpanID, name: String, type: String, subtype: String?, action: String?, labels: [String: APMLabelValue],
        leaf: Bool, links: [APMSpanLink], transaction: APMTransaction, parent: APMSpan?, recording: Bool, dropped: Bool,
        start: Timestamp
    ) {
        self.id = id
        self.transaction = transaction
        self.parent = parent
        self.type = type
        self.subtype = subtype
        self.action = action
        self.isLeaf = leaf
        self.isRecording = recording
        self.droppedAtStart = dropped
        self.links = links
        self.start = start
        self.state = Mutex(
            State(
                name: name.isEmpty ? "unnamed" : name,
                labels: labels.isEmpty ? [] : labels.sorted(by: { $0.key < $1.key }).map { (LabelKey.sanitize($0.key), $0.value) }
            ))
    }

    /// Creates a child span of `parent` (or of the transaction), applying the type split, leaf and sampling rules.
    static func start(
        name: String, type: String, subtype: String?, action: String?, labels: [String: APMLabelValue],
        leaf: Bool, links: [APMSpanLink], transaction: APMTransaction, parent: APMSpan?,
        at start: Timestamp = .now()
    ) -> APMSpan {
        var resolvedType = type
        var resolvedSubtype = subtype
        var resolvedAction = action
        if subtype == nil, action == nil {
            // Dotted or not, empty or not: the cached split gives the same as the rules spelled out.
            let split = SpanTypeCache.split(type)
            resolvedType = split.type
            resolvedSubtype = split.subtype
            resolvedAction = split.action
        } else if type.isEmpty {
            resolvedType = "custom"
        }
        let underLeaf = parent?.isLeaf == true || parent?.isRecording == false
        var recording = transaction.isRecording && transaction.isSampled && !underLeaf
        var dropped = false
        if recording {
            (recording, dropped) = transaction.admitSpan(startingAt: start.monotonicNanos, childOfTransaction: parent == nil)
        }
        if recording, transaction.tracksBreakdown, let parent { parent.childStarted(at: start.monotonicNanos) }
        let labels = transaction.baggageLabels.isEmpty ? labels : labels.merging(transaction.baggageLabels) { own, _ in own }
        return APMSpan(
            id: APMSpanID.random(), name: name, type: resolvedType, subtype: resolvedSubtype,
            action: resolvedAction, labels: labels, leaf: leaf, links: links, transaction: transaction,
            parent: parent, recording: recording, dropped: dropped, start: start)
    }

    /// The span's name.
    public var name: String { state.withLock { $0.name } }

    /// Whether ``end(duration:)`` was called.
    var isEnded: Bool { state.withLock { $0.ended } }

    /// Renames the span.
    public func setName(_ name: String) {
        state.withLock { $0.name = name }
    }

    /// Sets the outcome as the user; it wins over anything the agent or an instrumentation sets.
    public func setOutcome(_ outcome: APMOutcome) {
        state.withLock { $0.userOutcome = outcome }
    }

    /// Sets the outcome from the status code of an outgoing HTTP call (≥ 400 is a failure) and records it in `context.http`.
    public func setOutcome(httpStatusCode: Int) {
        state.withLock { state in
            state.agentOutcome = APMOutcome.httpClient(statusCode: httpStatusCode)
            var context = state.context?.value ?? APMSpanContext()
            var http = context.http ?? APMHTTPClientContext()
            http.statusCode = httpStatusCode
            context.http = http
            state.context = SharedSpanContext(context)
        }
    }

    /// Adds labels; keys with `.`, `*` or `"` become `_`.
    public func setLabels(_ labels: [String: APMLabelValue]) {
        guard isRecording else { return }
        state.withLock { state in LabelKey.merge(labels, into: &state.labels) }
    }

    /// Sets database, HTTP, messaging and destination details.
    public func setContext(_ context: APMSpanContext) {
        guard isRecording else { return }
        let shared = SharedSpanContext(context)
        state.withLock { $0.context = shared }
    }

    /// Marks the span as asynchronous (`sync: false`, what the async `captureSpan` does) or synchronous.
    func setSync(_ sync: Bool) {
        state.withLock { $0.sync = sync }
    }

    /// The trace context to send with an outgoing request made by this span (`traceparent`,
    /// `tracestate`, `baggage`). Reading it marks the span as having propagated context, which excludes it
    /// from compression and fast-exit dropping. `nil` when the agent is disabled or closed and no
    /// incoming trace context was given (see ``APMTransaction/traceParent``).
    public var traceParent: APMTraceParent? {
        guard transaction.core != nil else { return transaction.passthrough }
        let sampled = transaction.isSampled
        if isRecording { state.withLock { $0.hasPropagatedContext = true } }
        return APMTraceParent(
            traceID: transaction.traceID, parentID: isRecording ? id : transaction.id, sampled: sampled,
            traceState: transaction.traceState, baggage: transaction.baggage)
    }

    /// Starts a child span (not made current); under a leaf (exit) span the child is not recorded.
    /// `start` places it earlier than now (Python's `start`).
    public func beginSpan(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [], start: Date? = nil
    ) -> APMSpan {
        APMSpan.start(
            name: name, type: type, subtype: subtype, action: action, labels: labels, leaf: leaf, links: links,
            transaction: transaction, parent: self, at: start.map(Timestamp.init(date:)) ?? transaction.now())
    }

    /// Marks that an error was captured while this span was active (its default outcome becomes failure).
    func noteError() {
        state.withLock { $0.hasError = true }
    }

    /// The destination service of an exit span, inferred from its context unless the user set it.
    static func serviceTarget(type: String, subtype: String?, context shared: SharedSpanContext?) -> SpanEvent.ServiceTarget? {
        // Fields are read through the reference, one at a time: the context is never copied out whole.
        let targetType = shared?.value.serviceTargetType
        let targetName = shared?.value.serviceTargetName
        let userTarget: ServiceTargetInference.Target? =
            targetType != nil || targetName != nil ? ServiceTargetInference.Target(type: targetType, name: targetName) : nil
        let inferred = ServiceTargetInference.infer(
            ServiceTargetInference.Input(
                isExit: true, type: type, subtype: subtype, hasDatabaseContext: shared?.value.db != nil,
                dbInstance: shared?.value.db?.instance, hasMessageContext: shared?.value.message != nil,
                messageQueueName: shared?.value.message?.queueName, httpURL: shared?.value.http?.url,
                userTarget: userTarget))
        guard inferred.resource != nil || inferred.target != nil else { return nil }
        return SpanEvent.ServiceTarget(type: inferred.target?.type, name: inferred.target?.name, resource: inferred.resource)
    }

    /// Ends the span; `duration` replaces the measured duration (Python's `duration`). Ending twice does nothing.
    public func end(duration: Duration? = nil) {
        end(at: duration.map { start.monotonicNanos(after: $0) } ?? SystemClock().monotonicNanos)
    }

    /// Ends the span at the monotonic time `endNanos`.
    func end(at endNanos: UInt64) {
        finish(at: endNanos, bridged: nil)
    }

    /// Ends the span at the monotonic time `endNanos` with what ``APMTracerSpan`` decides at the end (name, type,
    /// context, outcome, OpenTelemetry fields, links added after the start), applied under the same lock as the end.
    func end(at endNanos: UInt64, bridged: BridgedSpanEnd) {
        finish(at: endNanos, bridged: bridged)
    }

    /// Ends the span. Inlined into both ``end(at:)`` forms, so the agent's own spans neither build nor test the
    /// large optional `bridged`.
    @inline(__always)
    private func finish(at endNanos: UInt64, bridged: BridgedSpanEnd?) {
        let type = bridged?.typeName.type ?? self.type
        let subtype = bridged.map { $0.typeName.subtype } ?? self.subtype
        let action = bridged.map { $0.typeName.action } ?? self.action
        let bridgedContext = bridged?.context
        let tracksBreakdown = isRecording && transaction.tracksBreakdown
        var childNanos: UInt64 = 0
        var heldChild: SpanEvent?
        let ended = state.withLock { state -> Ended? in
            guard !state.ended else { return nil }
            state.ended = true
            guard isRecording else { return nil }
            if let bridged { state.name = bridged.name }
            if let bridgedContext { state.context = bridgedContext }
            if tracksBreakdown { childNanos = state.childTimer.finish(at: endNanos) }
            heldChild = state.childBuffer.close()
            return Ended(
                name: state.name,
                outcome: state.userOutcome ?? bridged?.outcome ?? state.agentOutcome
                    ?? (state.hasError ? .failure : .success),
                sync: state.sync, labels: state.labels, context: state.context,
                hasPropagatedContext: state.hasPropagatedContext)
        }
        guard let ended else { return }
        var selfTime: SpanSelfTime?
        if tracksBreakdown {
            let elapsed = endNanos > start.monotonicNanos ? endNanos - start.monotonicNanos : 0
            selfTime = SpanSelfTime(
                type: type, subtype: subtype, nanos: elapsed - min(elapsed, childNanos),
                endNanos: endNanos, childOfTransaction: parent == nil)
        }
        if let heldChild { transaction.report(heldChild) }
        let duration = start.milliseconds(until: endNanos)
        let limits = transaction.limits
        var stackTrace: CapturedStackTrace?
        if let minimum = limits.spanStackTraceMinMillis, duration >= minimum, !droppedAtStart {
            stackTrace = CapturedStackTrace.capture(skipping: 1, limit: limits.stackTraceLimit)
        }
        let target = isLeaf ? Self.serviceTarget(type: type, subtype: subtype, context: ended.context) : nil
        let event = SpanEvent(
            id: id, transactionID: transaction.id, parentID: parent?.id ?? transaction.id, traceID: transaction.traceID,
            name: ended.name, type: type, subtype: subtype, action: action,
            timestamp: start.wallMicros, duration: duration, outcome: ended.outcome,
            isExit: isLeaf, sync: ended.sync, sampleRate: transaction.sampleRate, labels: ended.labels,
            context: ended.context, serviceTarget: target, composite: nil, stackTrace: stackTrace,
            links: bridged.map { links + $0.links } ?? links, otel: bridged?.otel)
        transaction.handleEnded(
            event, droppedAtStart: droppedAtStart, hasPropagatedContext: ended.hasPropagatedContext,
            parent: parent, selfTime: selfTime)
    }

    /// What ending a recorded span takes from its state.
    private struct Ended {
        var name: String
        var outcome: APMOutcome
        var sync: Bool?
        var labels: [(String, APMLabelValue)]
        var context: SharedSpanContext?
        var hasPropagatedContext: Bool
    }

    /// A direct child ended: closes its interval (breakdown metrics, when `nanos` is given) and
    /// offers its event, when it is to be reported, to this span's compression buffer (`nil` when
    /// nothing was offered).
    func childEnded(
        at nanos: UInt64?, offering event: SpanEvent?, eligible: Bool,
        limits: SpanCompression.Limits
    ) -> ChildSpanBuffer.Offer? {
        state.withLock { state in
            if let nanos, !state.ended { state.childTimer.childEnded(at: nanos) }
            guard let event else { return nil }
            return state.childBuffer.offer(event, eligible: eligible, limits: limits, parentEnded: state.ended)
        }
    }
}
