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
    /// Begins a transaction and makes it the current one of the calling thread (the Python agent's
    /// `begin_transaction`). For plain synchronous code such as a script's `main`; in async code prefer
    /// ``withTransaction(_:type:traceParent:links:isolation:_:)``, which follows `await`.
    ///
    /// - Parameters:
    ///   - type: the transaction type, e.g. `request` or `job`.
    ///   - name: the name; can also be given to ``endTransaction(name:result:)``.
    ///   - traceParent: an incoming trace context to continue (see ``APMTraceParent``).
    ///   - links: spans in other traces this transaction is causally linked to.
    @discardableResult
    public func beginTransaction(
        type: String, name: String = "", traceParent: APMTraceParent? = nil,
        links: [APMSpanLink] = []
    ) -> APMTransaction {
        let transaction = makeTransaction(name: name, type: type, traceParent: traceParent, links: links)
        ThreadTransaction.set(transaction)
        return transaction
    }

    /// Ends the calling thread's current transaction (the Python agent's `end_transaction`) and returns it.
    @discardableResult
    public func endTransaction(name: String? = nil, result: String? = nil) -> APMTransaction? {
        guard let transaction = ThreadTransaction.get() else { return nil }
        ThreadTransaction.set(nil)
        transaction.end(name: name, result: result)
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
                captureError(error, handled: false)
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
                captureError(error, handled: false)
                transaction.setAgentOutcome(.failure)
                transaction.end()
                throw error
            }
        }
    }

    /// Creates a transaction applying `recording`, the trace continuation strategy and sampling.
    func makeTransaction(
        name: String, type: String, traceParent: APMTraceParent?, links: [APMSpanLink],
        start: Timestamp = .now()
    ) -> APMTransaction {
        guard let core = activeCore else { return APMTransaction.disabled }
        let snapshot = core.snapshot
        let settings = snapshot.settings
        var parent = traceParent
        var links = links
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
                limits: snapshot.limits, start: start)
        }
        let rate = settings.transactionSampleRate
        let sampled = rate >= 1 || (rate > 0 && FastRandom.nextUnit() < rate)
        return APMTransaction(
            core: core, name: name, type: type, traceID: APMTraceID.random(), parentID: nil, sampled: sampled,
            recording: settings.recording, sampleRate: sampled ? rate : 0,
            traceState: TraceState().settingElasticSampleRate(sampled ? rate : 0), links: links,
            limits: snapshot.limits, start: start)
    }
}

extension APMTransaction {
    /// The transaction handed out when the agent is disabled or closed: records nothing.
    static let disabled = APMTransaction(
        core: nil, name: "", type: "custom", traceID: APMTraceID(high: 0, low: 1), parentID: nil, sampled: false,
        recording: false, sampleRate: nil, traceState: TraceState(), links: [],
        limits: SettingsSnapshot(AgentSettings()).limits)
}
