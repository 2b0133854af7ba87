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
    /// Begins a transaction and makes it the current one of the calling thread (the Python agent's
    /// `begin_transaction`), for synchronous code such as a script's `main` or a thread-per-request
    /// server.
    ///
    /// Unavailable from async code: a task changes threads at every `await`, so a thread-bound
    /// transaction would be ended, or have errors linked to it, by whichever task runs next on the
    /// thread. In async code use ``withTransaction(_:type:traceParent:links:isolation:_:)``, which
    /// follows the task across `await` and into child tasks, or ``APMTracer`` for a transaction
    /// that starts in one callback and ends in another.
    ///
    /// - Parameters:
    ///   - type: the transaction type, e.g. `request` or `job`.
    ///   - name: the name; can also be given to ``endTransaction(name:result:duration:)``.
    ///   - traceParent: an incoming trace context to continue (see ``APMTraceParent``).
    ///   - links: spans in other traces this transaction is causally linked to.
    ///   - start: when the transaction started, if not now (Python's `start`).
    @available(*, noasync, message: "use withTransaction, which follows the task across await")
    @discardableResult
    public func beginTransaction(
        type: String, name: String = "", traceParent: APMTraceParent? = nil,
        links: [APMSpanLink] = [], start: Date? = nil
    ) -> APMTransaction {
        let transaction = makeTransaction(
            name: name, type: type, traceParent: traceParent, links: links,
            start: start.map(Timestamp.init(date:)) ?? .now())
        ThreadContext.set(ActiveContext(transaction: transaction, span: nil))
        return transaction
    }

    /// Ends the calling thread's current transaction (the Python agent's `end_transaction`) and returns it.
    ///
    /// As in Python, `name` and `result` only fill what was not set before; `duration` replaces the
    /// measured one. A transaction ended some other way (``APMTransaction/end(name:result:duration:)``)
    /// is no longer the thread's, and this returns `nil`.
    @available(*, noasync, message: "use withTransaction, which follows the task across await")
    @discardableResult
    public func endTransaction(name: String? = nil, result: String? = nil, duration: Duration? = nil) -> APMTransaction? {
        guard let transaction = ThreadContext.get()?.transaction else { return nil }
        ThreadContext.set(nil)
        transaction.end(name: name, result: result, duration: duration)
        return transaction
    }

    /// Runs `body` inside a new transaction that is current for `body` and everything it calls.
    /// An error thrown by `body` is captured (unhandled), marks the transaction failed and is rethrown.
    public func withTransaction<T>(
        _ name: String, type: String = "custom", traceParent: APMTraceParent? = nil,
        links: [APMSpanLink] = [], _ body: (APMTransaction) throws -> T
    ) rethrows -> T {
        let transaction = makeTransaction(name: name, type: type, traceParent: traceParent, links: links)
        return try ActiveContext.$bound.withValue(ActiveContext(transaction: transaction, span: nil)) {
            do {
                let result = try body(transaction)
                transaction.end()
                return result
            } catch {
                captureUnhandled(error, in: transaction)
                transaction.setAgentOutcome(.failure)
                transaction.end()
                throw error
            }
        }
    }

    /// Runs async `body` inside a new transaction that is current across `await` and in child tasks.
    /// An error thrown by `body` is captured (unhandled), marks the transaction failed and is rethrown.
    public func withTransaction<T>(
        _ name: String, type: String = "custom", traceParent: APMTraceParent? = nil,
        links: [APMSpanLink] = [], isolation: isolated (any Actor)? = #isolation,
        _ body: (APMTransaction) async throws -> T
    ) async rethrows -> T {
        let transaction = makeTransaction(name: name, type: type, traceParent: traceParent, links: links)
        return try await ActiveContext.$bound.withValue(ActiveContext(transaction: transaction, span: nil)) {
            do {
                let result = try await body(transaction)
                transaction.end()
                return result
            } catch {
                captureUnhandled(error, in: transaction)
                transaction.setAgentOutcome(.failure)
                transaction.end()
                throw error
            }
        }
    }

    /// Captures an error that escaped `transaction`'s body (unhandled), linked to the span it escaped
    /// from when a ``captureSpan(_:type:subtype:action:labels:leaf:links:start:duration:_:)`` rethrew it (the
    /// Python agent tags the exception with that span), else to the transaction.
    func captureUnhandled(_ error: any Error, in transaction: APMTransaction) {
        let span = transaction.takeSpanThatThrew(error)
        captureError(error, handled: false, parent: ActiveContext(transaction: transaction, span: span))
    }

    /// Creates a transaction applying `recording`, the trace continuation strategy and sampling.
    func makeTransaction(
        name: String, type: String, traceParent: APMTraceParent?, links: [APMSpanLink],
        start: Timestamp = .now()
    ) -> APMTransaction {
        guard let core = activeCore else { return APMTransaction.disabled(passing: traceParent) }
        let snapshot = core.snapshot
        let settings = snapshot.settings
        var parent = traceParent
        var links = links
        let baggage = traceParent?.baggage ?? Baggage()
        if let incoming = parent {
            switch settings.traceContinuationStrategy {
            case .continue:
                break
            case .restart:
                links.append(APMSpanLink(incoming))
                parent = nil
            case .restartExternal:
                if !incoming.traceState.containsElasticEntry {
                    links.append(APMSpanLink(incoming))
                    parent = nil
                }
            }
        }
        if let parent {
            return APMTransaction(
                core: core, name: name, type: type, traceID: parent.traceID, parentID: parent.parentID,
                sampled: parent.isSampled, recording: settings.recording,
                sampleRate: parent.traceState.elasticSampleRate, traceState: parent.traceState, links: links,
                limits: snapshot.limits, start: start, baggage: baggage)
        }
        let rate = settings.transactionSampleRate
        let sampled = rate >= 1 || (rate > 0 && FastRandom.nextUnit() < rate)
        return APMTransaction(
            core: core, name: name, type: type, traceID: APMTraceID.random(), parentID: nil, sampled: sampled,
            recording: settings.recording, sampleRate: sampled ? rate : 0,
            traceState: TraceState().settingElasticSampleRate(sampled ? rate : 0), links: links,
            limits: snapshot.limits, start: start, baggage: baggage)
    }
}

extension APMTransaction {
    /// The transaction handed out when the agent is disabled or closed: records nothing and has no
    /// trace context of its own to propagate.
    static let disabled = disabledTransaction(passing: nil)

    /// A disabled transaction that passes `incoming` on unchanged as its ``traceParent`` (``disabled``
    /// when there is none), so a disabled service neither breaks nor invents the trace it is part of.
    static func disabled(passing incoming: APMTraceParent?) -> APMTransaction {
        incoming.map { disabledTransaction(passing: $0) } ?? disabled
    }

    private static func disabledTransaction(passing incoming: APMTraceParent?) -> APMTransaction {
        APMTransaction(
            core: nil, name: "", type: "custom", traceID: incoming?.traceID ?? APMTraceID(high: 0, low: 0),
            parentID: nil, sampled: false, recording: false, sampleRate: nil, traceState: TraceState(), links: [],
            limits: SettingsSnapshot(AgentSettings()).limits, passing: incoming)
    }
}
