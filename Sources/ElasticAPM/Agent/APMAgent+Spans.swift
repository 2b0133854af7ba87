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

extension APMAgent {
    /// Runs `body` inside a new span, child of the current span or transaction (the Python agent's
    /// `capture_span`). The span is current for `body`; if `body` throws, the span's outcome becomes
    /// `failure` and the error is rethrown. Outside a transaction `body` gets a span that records nothing.
    ///
    /// - Parameters:
    ///   - name: the span name, e.g. `SELECT FROM users`.
    ///   - type: the type; a dotted `db.mysql.query` is split into type, subtype and action.
    ///   - subtype: the subtype, e.g. `mysql` (overrides the one in a dotted `type`).
    ///   - action: the action, e.g. `query` (overrides the one in a dotted `type`).
    ///   - labels: labels of the span.
    ///   - leaf: marks an exit span (a call to another service); spans started under it are not recorded.
    ///   - links: spans in other traces this span is causally linked to.
    ///   - body: the work the span measures; it gets the span.
    public func captureSpan<T>(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [],
        _ body: (APMSpan) throws -> T
    ) rethrows -> T {
        guard let context = activeCore != nil ? ActiveContext.current : nil else { return try body(APMSpan.disabled) }
        let span = startSpan(
            in: context, name: name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links)
        return try ActiveContext.$bound.withValue(ActiveContext(transaction: context.transaction, span: span)) {
            do {
                let result = try body(span)
                span.end()
                return result
            } catch {
                span.noteError()
                span.end()
                throw error
            }
        }
    }

    /// The async form of ``captureSpan(_:type:subtype:action:labels:leaf:links:_:)``;
    /// the span stays current across `await` and in child tasks, and is reported as `sync: false`.
    public func captureSpan<T>(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = [],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (APMSpan) async throws -> T
    ) async rethrows -> T {
        guard let context = activeCore != nil ? ActiveContext.current : nil else { return try await body(APMSpan.disabled) }
        let span = startSpan(
            in: context, name: name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links)
        span.setSync(false)
        return try await ActiveContext.$bound.withValue(ActiveContext(transaction: context.transaction, span: span)) {
            do {
                let result = try await body(span)
                span.end()
                return result
            } catch {
                span.noteError()
                span.end()
                throw error
            }
        }
    }

    /// Starts a span under the current span or transaction without making it current; end it with ``APMSpan/end()``.
    /// Outside a transaction the span records nothing.
    public func beginSpan(
        _ name: String, type: String = "custom", subtype: String? = nil, action: String? = nil,
        labels: [String: APMLabelValue] = [:], leaf: Bool = false, links: [APMSpanLink] = []
    ) -> APMSpan {
        guard let context = activeCore != nil ? ActiveContext.current : nil else { return APMSpan.disabled }
        return startSpan(
            in: context, name: name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links)
    }

    private func startSpan(
        in context: ActiveContext, name: String, type: String, subtype: String?, action: String?,
        labels: [String: APMLabelValue], leaf: Bool, links: [APMSpanLink]
    ) -> APMSpan {
        if let parent = context.span {
            return parent.beginSpan(
                name, type: type, subtype: subtype, action: action, labels: labels, leaf: leaf,
                links: links)
        }
        return context.transaction.beginSpan(
            name, type: type, subtype: subtype, action: action, labels: labels,
            leaf: leaf, links: links)
    }
}

extension APMSpan {
    /// The span handed out outside a transaction or when the agent is disabled: records nothing.
    static let disabled = APMTransaction.disabled.beginSpan("disabled")
}
