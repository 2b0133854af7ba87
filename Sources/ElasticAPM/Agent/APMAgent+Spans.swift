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

public import Foundation

extension APMAgent {
    /// Runs `body` inside a new span, child of the current span or transaction (the Python agent's
    /// `capture_span`). The span is current for `body`; if `body` throws, the span's outcome becomes
    /// `failure` and the error is rethrown (captured by an enclosing `withTransaction`, it is linked to
    /// this span). Outside a transaction `body` gets a span that records nothing.
    ///
    /// - Parameters:
    ///   - name: the span name, e.g. `SELECT FROM users`.
    ///   - type: the type; a dotted `db.mysql.query` is split into type, subtype and action.
    ///   - subtype: the subtype, e.g. `mysql` (overrides the one in a dotted `type`).
    ///   - action: the action, e.g. `query` (overrides the one in a dotted `type`).
    ///   - labels: labels of the span.
    ///   - leaf: marks an exit span (a call to another service); spans started under it are not recorded.
    ///   - links: spans in other traces this span is causally linked to.
    ///   - start: when the span started, if not now (Python's `start`).
    ///   - duration: the span's duration, if not the time `body` takes (Python's `duration`).
    ///   - body: the work the span measures; it gets the span.
    public func captureSpan<T>(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [],
        start: Date? = nil, duration: Duration? = nil, _ body: (APMSpan) throws -> T
    ) rethrows -> T {
        guard let context = activeCore != nil ? ActiveContext.current : nil else { return try body(disabledSpan(name)) }
        let span = startSpan(
            in: context, name: name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links, start: start)
        return try ActiveContext.$bound.withValue(ActiveContext(transaction: context.transaction, span: span)) {
            do {
                let result = try body(span)
                span.end(duration: duration)
                return result
            } catch {
                span.noteError()
                context.transaction.noteSpanThrew(span, error)
                span.end(duration: duration)
                throw error
            }
        }
    }

    /// The async form of ``captureSpan(_:type:subtype:action:labels:leaf:links:start:duration:_:)``;
    /// the span stays current across `await` and in child tasks, and is reported as `sync: false`.
    public func captureSpan<T>(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [],
        start: Date? = nil, duration: Duration? = nil, isolation: isolated (any Actor)? = #isolation,
        _ body: (APMSpan) async throws -> T
    ) async rethrows -> T {
        guard let context = activeCore != nil ? ActiveContext.current : nil else {
            return try await body(disabledSpan(name))
        }
        let span = startSpan(
            in: context, name: name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links, start: start)
        span.setSync(false)
        return try await ActiveContext.$bound.withValue(ActiveContext(transaction: context.transaction, span: span)) {
            do {
                let result = try await body(span)
                span.end(duration: duration)
                return result
            } catch {
                span.noteError()
                context.transaction.noteSpanThrew(span, error)
                span.end(duration: duration)
                throw error
            }
        }
    }

    /// Starts a span under the current span or transaction and makes it the calling thread's current
    /// span until it ends, so spans and errors after this call nest under it; end it with
    /// ``APMSpan/end(duration:)``. Outside a transaction the span records nothing.
    ///
    /// Unavailable from async code, as ``beginTransaction(type:name:traceParent:links:start:)`` is: use
    /// ``captureSpan(_:type:subtype:action:labels:leaf:links:start:duration:isolation:_:)``, or
    /// `beginSpan` on ``currentSpan`` or ``currentTransaction`` for a span that is not made current.
    @available(*, noasync, message: "use captureSpan, or beginSpan on currentSpan or currentTransaction")
    public func beginSpan(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [], start: Date? = nil
    ) -> APMSpan {
        guard let context = activeCore != nil ? ActiveContext.current : nil else { return disabledSpan(name) }
        let span = startSpan(
            in: context, name: name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links, start: start)
        ThreadContext.set(ActiveContext(transaction: context.transaction, span: span))
        return span
    }

    /// The span handed out when the agent is disabled or closed or there is no transaction: it records
    /// nothing, and under a disabled transaction that passes on an incoming trace context its
    /// ``APMSpan/traceParent`` is that context, unchanged.
    private func disabledSpan(_ name: String) -> APMSpan {
        guard let transaction = ActiveContext.current?.transaction, transaction.passthrough != nil else {
            return APMSpan.disabled
        }
        return transaction.beginSpan(name)
    }

    private func startSpan(
        in context: ActiveContext, name: String, type: String, subtype: String?, action: String?,
        labels: [String: APMLabelValue], leaf: Bool, links: [APMSpanLink], start: Date?
    ) -> APMSpan {
        if let parent = context.span {
            return parent.beginSpan(
                name, type: type, subtype: subtype, action: action, labels: labels, leaf: leaf,
                links: links, start: start)
        }
        return context.transaction.beginSpan(
            name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links, start: start)
    }
}

extension APMSpan {
    /// The span handed out outside a transaction or when the agent is disabled: records nothing.
    static let disabled = APMTransaction.disabled.beginSpan("disabled")
}
