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
public import Logging

extension APMAgent {
    /// Captures an error with a stack trace from the call site (the Python agent's `capture_exception`),
    /// linked to the current transaction and span, and returns its id.
    ///
    /// - Parameters:
    ///   - error: the error.
    ///   - handled: whether the application handled it.
    ///   - context: user, request, response and labels for this error.
    ///   - custom: custom data (`context.custom`).
    ///   - date: when it happened; now by default.
    /// - Returns: the error id (32 hex characters), or `nil` when the agent is disabled or not recording,
    ///   or the error's type is listed in `filter_exception_types`.
    @discardableResult
    public func captureError(
        _ error: any Error, handled: Bool = true, context: APMErrorContext? = nil,
        custom: [String: APMCustomValue] = [:], date: Date? = nil
    ) -> String? {
        captureError(error, handled: handled, context: context, custom: custom, date: date, parent: ActiveContext.current)
    }

    /// ``captureError(_:handled:context:custom:date:)`` linked to `parent` (its stack trace starts at
    /// this function's caller's caller).
    @discardableResult
    func captureError(
        _ error: any Error, handled: Bool, context: APMErrorContext? = nil, custom: [String: APMCustomValue] = [:],
        date: Date? = nil, parent: ActiveContext?
    ) -> String? {
        guard let core = activeCore, core.snapshot.settings.recording else { return nil }
        let (type, module) = ExceptionDescription.type(of: error)
        guard !ExceptionDescription.isFiltered(type: type, module: module, by: core.snapshot.settings.filterExceptionTypes)
        else { return nil }
        let stack = CapturedStackTrace.capture(skipping: 2, limit: core.snapshot.settings.stackTraceLimit)
        let exception = ErrorEvent.Exception(
            message: ExceptionDescription.message(of: error), type: type, module: module, code: nil, handled: handled,
            stackTrace: stack)
        return Self.submitError(
            core: core, exception: exception, log: nil, context: context, custom: custom,
            timestamp: date.map(Self.micros), parent: parent)
    }

    /// Captures a message as an error event, with a stack trace from the call site (the Python agent's
    /// `capture_message`), and returns its id.
    ///
    /// - Parameters:
    ///   - message: the message.
    ///   - level: the message's log level (`log.level`, e.g. `error`).
    ///   - loggerName: the logger that produced it.
    ///   - stackTrace: whether to capture the call site's stack.
    ///   - context: request, user and other context of the event.
    ///   - custom: custom context, sent as `context.custom`.
    ///   - date: when it happened (now by default).
    @discardableResult
    public func captureMessage(
        _ message: String, level: Logger.Level? = nil, loggerName: String? = nil,
        stackTrace: Bool = true, context: APMErrorContext? = nil,
        custom: [String: APMCustomValue] = [:], date: Date? = nil
    ) -> String? {
        guard let core = activeCore, core.snapshot.settings.recording else { return nil }
        let stack = stackTrace ? CapturedStackTrace.capture(skipping: 1, limit: core.snapshot.settings.stackTraceLimit) : nil
        let log = ErrorEvent.Log(
            message: message, paramMessage: nil, level: level?.rawValue, loggerName: loggerName, stackTrace: stack)
        return Self.submitError(
            core: core, exception: nil, log: log, context: context, custom: custom,
            timestamp: date.map(Self.micros), parent: ActiveContext.current)
    }

    /// Captures a parameterised message: APM Server groups messages by `paramMessage`
    /// (e.g. `"Billing for %s succeeded. Amount: %s"`) while `message` carries the filled-in text.
    @discardableResult
    public func captureMessage(
        paramMessage: String, params: [any Sendable], level: Logger.Level? = nil,
        loggerName: String? = nil, stackTrace: Bool = true, context: APMErrorContext? = nil,
        custom: [String: APMCustomValue] = [:], date: Date? = nil
    ) -> String? {
        guard let core = activeCore, core.snapshot.settings.recording else { return nil }
        let stack = stackTrace ? CapturedStackTrace.capture(skipping: 1, limit: core.snapshot.settings.stackTraceLimit) : nil
        let message = ExceptionDescription.format(paramMessage, params.map { String(describing: $0) })
        let log = ErrorEvent.Log(
            message: message, paramMessage: paramMessage, level: level?.rawValue, loggerName: loggerName,
            stackTrace: stack)
        return Self.submitError(
            core: core, exception: nil, log: log, context: context, custom: custom,
            timestamp: date.map(Self.micros), parent: ActiveContext.current)
    }

    private static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Hands an error to the writer thread, linked to `parent` (the current context for the agent's own APIs,
    /// the span itself for ``APMTracerSpan/recordError(_:attributes:at:)``). With `notesError`, the parent's
    /// default outcome becomes failure. With `strictDurability` (API calls), `queue_durability=strict` makes
    /// the caller wait until the error is committed; errors from log records never wait.
    static func submitError(
        core: AgentCore, exception: ErrorEvent.Exception?, log: ErrorEvent.Log?,
        context: APMErrorContext?, custom: [String: APMCustomValue], timestamp: Int64?,
        parent: ActiveContext?, notesError: Bool = true, culprit: String? = nil,
        strictDurability: Bool = true
    ) -> String {
        let id = APMTraceID.random()
        var event = ErrorEvent(
            id: id, timestamp: timestamp ?? SystemClock().wallMicros, traceID: nil, transactionID: nil,
            parentID: nil, transaction: nil, culprit: culprit, exception: exception, log: log,
            context: EventContext())
        if let active = parent, active.transaction.isRecording {
            let transaction = active.transaction
            event.traceID = transaction.traceID
            event.transactionID = transaction.id
            event.parentID = active.span?.isRecording == true ? active.span!.id : transaction.id
            if notesError {
                if let span = active.span, span.isRecording { span.noteError() } else { transaction.noteError() }
            }
            transaction.refreshBridgedFields()
            transaction.state.withLock { state in
                event.transaction = .init(name: state.name, type: state.type, sampled: transaction.isSampled)
                if transaction.isSampled {
                    event.context = EventContext(
                        labels: state.labels, custom: state.custom, user: state.user,
                        request: state.reportedRequest, response: state.response)
                }
            }
            if !transaction.baggageLabels.isEmpty { LabelKey.merge(transaction.baggageLabels, into: &event.context.labels) }
        }
        if let context {
            if let user = context.user { event.context.user = user }
            if let request = context.request { event.context.request = request }
            if let response = context.response { event.context.response = response }
            for (key, value) in context.labels.sorted(by: { $0.key < $1.key }) {
                event.context.labels.append((LabelKey.sanitize(key), value))
            }
        }
        event.context.custom.merge(custom) { _, new in new }
        if strictDurability {
            core.submitError(event)
        } else {
            core.submit(.error(event))
        }
        return id.hexString
    }
}
