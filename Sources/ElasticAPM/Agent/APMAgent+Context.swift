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
    /// The current transaction (bound by `withTransaction` or the tracer, or begun on this thread), if any.
    public var currentTransaction: APMTransaction? {
        guard activeCore != nil else { return nil }
        return ActiveContext.current?.transaction
    }

    /// The current span, if any.
    public var currentSpan: APMSpan? {
        guard activeCore != nil else { return nil }
        return ActiveContext.current?.span
    }

    /// The current transaction's id (the Python agent's `get_transaction_id`).
    var currentTransactionID: String? { currentTransaction?.id.hexString }

    /// The current trace id (`get_trace_id`).
    var currentTraceID: String? { currentTransaction?.traceID.hexString }

    /// The current span's id (`get_span_id`).
    var currentSpanID: String? {
        guard let span = currentSpan, span.isRecording else { return nil }
        return span.id.hexString
    }

    /// The `traceparent` header value for an outgoing call from the current span or transaction
    /// (`get_trace_parent_header`); `nil` outside a transaction. When the agent is disabled or closed,
    /// the incoming `traceparent` the transaction was given, unchanged (or `nil`): a disabled service
    /// never invents a trace for the services it calls.
    public var currentTraceParentHeader: String? { currentTraceParent?.headerValue }

    /// The `tracestate` header value to send with ``currentTraceParentHeader``; `nil` when there is none.
    public var currentTraceStateHeader: String? { currentTraceParent?.traceState.headerValue }

    private var currentTraceParent: APMTraceParent? {
        guard let context = ActiveContext.current else { return nil }
        if let span = context.span, span.isRecording { return span.traceParent }
        return context.transaction.traceParent
    }

    /// Sets the current transaction's name (`set_transaction_name`); with `override: false` only if none is set.
    func setTransactionName(_ name: String, override: Bool = true) {
        currentTransaction?.setName(name, override: override)
    }

    /// Sets the current transaction's result (`set_transaction_result`), e.g. `HTTP 2xx`.
    func setTransactionResult(_ result: String, override: Bool = true) {
        currentTransaction?.setResult(result, override: override)
    }

    /// Sets the current transaction's outcome (`set_transaction_outcome`).
    func setTransactionOutcome(_ outcome: APMOutcome, override: Bool = true) {
        currentTransaction?.setOutcome(outcome, override: override)
    }

    /// Sets the current transaction's outcome from the HTTP status code it answered (5xx is a failure).
    func setTransactionOutcome(httpStatusCode: Int, override: Bool = true) {
        currentTransaction?.setOutcome(httpStatusCode: httpStatusCode, override: override)
    }

    /// Attaches the body of the HTTP request the current transaction handles; see ``APMTransaction/setRequestBody(_:)``.
    /// Framework integrations call it with the body they read; `capture_body` decides whether it is sent.
    public func setRequestBody(_ body: String) {
        currentTransaction?.setRequestBody(body)
    }

    /// Merges custom context into the current transaction (`set_custom_context`); keys with `.`, `*`, `"` become `_`.
    func setCustomContext(_ data: [String: APMCustomValue]) {
        currentTransaction?.setCustomContext(data)
    }

    /// Updates the user of the current transaction (`set_user_context`): only the given fields change.
    func setUserContext(username: String? = nil, email: String? = nil, id: String? = nil) {
        currentTransaction?.setUser(APMUserContext(id: id, username: username, email: email))
    }

    /// Adds labels to the current transaction (`label`): indexed, scalar values (string, bool, number).
    public func label(_ labels: [String: APMLabelValue]) {
        currentTransaction?.setLabels(labels)
    }
}
