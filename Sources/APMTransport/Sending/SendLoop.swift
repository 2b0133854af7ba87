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

import Logging

/// The body of the sender thread: claims batches, sends them, applies the answers to the
/// queue, backs off, serves flushes.
///
/// Confined to the sender thread: only `run()` touches its state, and that runs on one
/// thread. The queue is reached only through ``SenderControl/withSource(_:)``.
final class SendLoop: @unchecked Sendable {
    /// A flush the sender has taken on: the rows with ids up to `boundary` must leave the
    /// queue.
    private struct ActiveFlush {
        var waiter: FlushWaiter
        var boundary: Int64
        var target: Int
        var resolved = 0
        var sent = 0
    }

    private let source: any IntakeBatchSource
    private let client: IntakeClient
    private var configuration: IntakeSenderConfiguration
    private let logger: Logger
    private let control: SenderControl

    private var work: [IntakeBatch] = []
    private var serverInfo = ServerInfo.unknown
    private var needsServerInfo = true
    private var streak = FailureStreak()
    private var ratio: CompressionRatio
    private var flushes: [ActiveFlush] = []
    private var unboundFlushes: [FlushWaiter] = []
    private var counters = SenderCounters()
    private var queueFailing = false
    private var random = SystemRandomNumberGenerator()

    init(
        source: any IntakeBatchSource,
        client: IntakeClient,
        configuration: IntakeSenderConfiguration,
        logger: Logger,
        control: SenderControl
    ) {
        self.source = source
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.control = control
        self.ratio = CompressionRatio(compressing: client.compressesBodies)
    }

    /// Runs until stop, then releases unsent rows, ends open flushes and shuts the client
    /// down.
    func run() {
        var abandoned = false
        while !control.isStopping {
            do {
                try cycle()
                if queueFailing {
                    queueFailing = false
                    logger.info("APM queue readable again")
                }
            } catch is SenderExit {
                abandoned = true
                break
            } catch {
                if !queueFailing {
                    queueFailing = true
                    logger.warning("APM queue error, sending paused: \(configuration.client.redacted(String(describing: error)))")
                }
                _ = control.sleep(until: .now + configuration.queueErrorDelay, interruptedBy: [])
            }
        }
        if !abandoned {
            finish()
        }
        for waiter in control.closeFlushes() + unboundFlushes + flushes.map(\.waiter) {
            waiter.giveUp()
        }
        client.shutdown()
        control.markExited()
    }

    /// One step: serve flushes, learn the server version if due, take new request limits,
    /// then send one request or sleep.
    private func cycle() throws {
        try takeNewFlushes()
        if needsServerInfo {
            guard try refreshServerInfo() else { return }
        }
        if let limits = control.takeLimits() {
            configuration.apiRequestSize = limits.apiRequestSize
            configuration.apiRequestTime = limits.apiRequestTime
        }
        if work.isEmpty {
            control.clearWake()
            let budget = ratio.uncompressedBudget(for: configuration.apiRequestSize)
            let batch = try control.withSource {
                try source.claim(maxEvents: max(1, configuration.maxEventsPerRequest), maxBytes: budget)
            }
            guard let batch, !batch.events.isEmpty else {
                try updateFlushes()
                idle()
                return
            }
            work = [batch]
        }
        guard !control.isStopping else { return }
        try sendNext()
        try updateFlushes()
    }

    /// Sleeps on an empty queue: until woken or `apiRequestTime`, or only briefly while a
    /// flush waits for rows that someone else holds.
    private func idle() {
        if flushes.isEmpty {
            _ = control.sleep(until: .now + configuration.apiRequestTime, interruptedBy: [.wake, .flush])
        } else {
            _ = control.sleep(until: .now + configuration.flushPollInterval, interruptedBy: [.wake, .flush])
        }
    }

    /// Asks `GET /` for the version; on a network failure counts a failed attempt and backs
    /// off, returning `false`.
    private func refreshServerInfo() throws -> Bool {
        guard let result = control.wait(for: client.serverInfoFuture()) else {
            throw SenderExit()
        }
        switch result {
        case .success(let info):
            serverInfo = info
            needsServerInfo = false
            logger.debug("APM Server version: \(info.version.map(String.init(describing:)) ?? "unknown")")
            return true
        case .failure(let error):
            try backOff(.outage, reason: describe(error), keeping: [])
            return false
        }
    }

    /// Sends the first piece of work and applies the answer.
    private func sendNext() throws {
        var batch = work.removeFirst()
        if serverInfo.skipsUnsampledTransactions {
            let skipped = batch.events.filter { UnsampledTransactionFilter.isUnsampledTransaction($0.line) }
            if !skipped.isEmpty {
                counters.add(SenderCounters.skippedUnsampled, skipped.count)
                try settle(acknowledged: skipped.map(\.id), sent: false)
                let skippedIDs = Set(skipped.map(\.id))
                batch.events.removeAll { skippedIDs.contains($0.id) }
                guard !batch.events.isEmpty else { return }
            }
        }

        let request: IntakeRequest
        do {
            request = try buildRequest(&batch)
        } catch {
            try apply(.retry(acceptedPrefix: 0, reason: error.description), to: batch, bodySize: 0, status: 0)
            return
        }
        guard let result = control.wait(for: client.sendFuture(request)) else {
            throw SenderExit()
        }
        switch result {
        case .success(let response):
            let outcome = response.classify(events: batch.events)
            try apply(outcome, to: batch, bodySize: request.body.count, status: response.status)
        case .failure(let error):
            try apply(.retry(acceptedPrefix: 0, reason: describe(error)), to: batch, bodySize: request.body.count, status: 0)
        }
    }

    /// Builds the request for the longest prefix of `batch` whose compressed body fits
    /// `apiRequestSize` (at least one event); the rest goes back to the front of the work
    /// list and `batch` keeps only the prefix.
    private func buildRequest(_ batch: inout IntakeBatch) throws(IntakeClientError) -> IntakeRequest {
        var count = batch.events.count
        while true {
            let request = try client.makeRequest(metadata: batch.metadata, events: batch.events.prefix(count))
            ratio.record(uncompressed: request.uncompressedSize, compressed: request.body.count)
            if request.body.count <= configuration.apiRequestSize || count == 1 {
                if count < batch.events.count {
                    work.insert(IntakeBatch(metadata: batch.metadata, events: Array(batch.events[count...])), at: 0)
                    batch.events.removeSubrange(count...)
                }
                return request
            }
            let shrink = Double(configuration.apiRequestSize) / Double(request.body.count) * 0.9
            count = max(1, min(count - 1, Int(Double(count) * shrink)))
        }
    }

    /// Applies one request's outcome to the queue, the counters, the streak and the log.
    private func apply(_ outcome: IntakeOutcome, to batch: IntakeBatch, bodySize: Int, status: Int) throws {
        let ids = batch.events.map(\.id)
        switch outcome {
        case .accepted:
            counters.add(SenderCounters.requestsSuccess, 1)
            counters.add(SenderCounters.bytesSuccess, bodySize)
            counters.add(SenderCounters.sent, ids.count)
            try settle(acknowledged: ids, sent: true)
            endStreak()

        case .rejected(let deadLetters, let unmatched):
            countFailedRequest(bodySize)
            let rejected = ids.filter { deadLetters[$0] != nil }
            let accepted = ids.filter { deadLetters[$0] == nil }
            counters.add(SenderCounters.deadLettered, rejected.count)
            counters.add(SenderCounters.sent, accepted.count)
            let reasons = deadLetters.mapValues(configuration.client.redacted)
            try settle(acknowledged: accepted, sent: true, deadLettered: rejected, status: status, reasons: reasons)
            var messages: [String] = []
            for message in Set(reasons.values).sorted() + unmatched.map(configuration.client.redacted)
            where !messages.contains(message) {
                messages.append(message)
            }
            logger.warning(
                "APM Server rejected \(rejected.count) of \(ids.count) events (HTTP \(status)): \(messages.joined(separator: "; "))"
            )
            endStreak()

        case .tooLarge(let reason):
            countFailedRequest(bodySize)
            if batch.events.count > 1 {
                counters.add(SenderCounters.split413, 1)
                let half = batch.events.count / 2
                work.insert(
                    contentsOf: [
                        IntakeBatch(metadata: batch.metadata, events: Array(batch.events[..<half])),
                        IntakeBatch(metadata: batch.metadata, events: Array(batch.events[half...])),
                    ], at: 0)
                logger.debug("Request of \(ids.count) events too large (\(reason)); splitting it in two")
                try control.withSource { try reportCounters() }
            } else {
                counters.add(SenderCounters.deadLettered, 1)
                let why = configuration.client.redacted(reason)
                try settle(acknowledged: [], sent: false, deadLettered: ids, status: status, reasons: [ids[0]: why])
                logger.warning("APM Server refused a single event as too large; moved to dead letters: \(why)")
            }
            endStreak()

        case .unauthorized(let reason):
            countFailedRequest(bodySize)
            try backOff(.auth, reason: configuration.client.redacted(reason), keeping: ids)

        case .retry(let prefix, let reason):
            countFailedRequest(bodySize)
            let indexed = Array(ids.prefix(prefix))
            counters.add(SenderCounters.sent, indexed.count)
            try settle(acknowledged: indexed, sent: true)
            try backOff(.outage, reason: configuration.client.redacted(reason), keeping: Array(ids.dropFirst(prefix)))
        }
    }

    private func countFailedRequest(_ bodySize: Int) {
        counters.add(SenderCounters.requestsFailure, 1)
        counters.add(SenderCounters.bytesFailure, bodySize)
    }

    /// Releases `ids` and every piece of work not yet sent, counts the failure, logs on a
    /// change of state and sleeps the backoff (only stop cuts it short).
    private func backOff(_ kind: FailureStreak.Kind, reason: String, keeping ids: [Int64]) throws {
        let kept = ids + work.flatMap { $0.events.map(\.id) }
        work = []
        counters.add(SenderCounters.retried, kept.count)
        try control.withSource {
            if !kept.isEmpty {
                try source.release(kept)
            }
            try reportCounters()
            // A flush that times out during the outage reports this as what is left.
            control.pendingEstimate = try source.pendingCount()
        }
        let changed = streak.recordFailure(kind, at: .now)
        if changed {
            needsServerInfo = true
        }
        let delay = streak.delay(under: configuration.backoff, using: &random)
        let retry = delay < .milliseconds(1) ? "retrying now" : "retrying in \(delay.logText)"
        switch (kind, changed) {
        case (.outage, true):
            logger.warning("APM Server unreachable: \(reason); \(retry)")
        case (.auth, true):
            logger.warning("APM Server refused the agent's credentials: \(reason); events are kept, \(retry)")
        case (_, false):
            logger.debug("APM Server attempt \(streak.failures) failed: \(reason); \(retry)")
        }
        let until = ContinuousClock.now + delay
        while control.sleep(until: until, interruptedBy: [.flush]) == .flush {
            try takeNewFlushes()
        }
    }

    /// Ends a failure streak after an answer that shows the server reachable and the
    /// credentials accepted.
    private func endStreak() {
        guard let ended = streak.recordSuccess(at: .now) else { return }
        switch ended.kind {
        case .outage:
            logger.info("APM Server reachable again after \(ended.duration.logText)")
        case .auth:
            logger.info("APM Server accepted the agent's credentials again after \(ended.duration.logText)")
        }
        if serverInfo.version == nil {
            needsServerInfo = true
        }
    }

    /// Acknowledges and dead-letters rows, reports the counters and credits flushes.
    private func settle(
        acknowledged: [Int64],
        sent: Bool,
        deadLettered: [Int64] = [],
        status: Int = 0,
        reasons: [Int64: String] = [:]
    ) throws {
        try control.withSource {
            if !acknowledged.isEmpty {
                try source.acknowledge(acknowledged)
            }
            if !deadLettered.isEmpty {
                try source.deadLetter(deadLettered, status: status, reasons: reasons)
            }
            try reportCounters()
        }
        for index in flushes.indices {
            let boundary = flushes[index].boundary
            let acknowledgedHere = acknowledged.count(where: { $0 <= boundary })
            flushes[index].resolved += acknowledgedHere + deadLettered.count(where: { $0 <= boundary })
            if sent {
                flushes[index].sent += acknowledgedHere
            }
        }
    }

    /// Hands the gathered counter deltas to the queue; call inside `withSource`.
    private func reportCounters() throws {
        let deltas = counters.take()
        if !deltas.isEmpty {
            try source.addCounters(deltas)
        }
    }

    /// Takes on newly registered flushes: fixes each one's boundary at the newest row now.
    /// Flushes whose boundary could not be read (a queue error) wait for the next try.
    private func takeNewFlushes() throws {
        unboundFlushes += control.takeNewFlushes()
        guard !unboundFlushes.isEmpty else { return }
        let (newest, pending, oldest) = try control.withSource {
            (try source.newestID(), try source.pendingCount(), try source.oldestPendingID())
        }
        control.pendingEstimate = pending
        let waiters = unboundFlushes
        unboundFlushes = []
        for waiter in waiters {
            guard let newest, let oldest, oldest <= newest else {
                waiter.complete(sent: 0)
                continue
            }
            waiter.update(sent: 0, remaining: pending)
            flushes.append(ActiveFlush(waiter: waiter, boundary: newest, target: pending))
        }
    }

    /// Completes flushes whose rows have all left the queue and updates the others' counts.
    private func updateFlushes() throws {
        flushes.removeAll { $0.waiter.isResolved }
        guard !flushes.isEmpty else {
            control.pendingEstimate = try control.withSource { try source.pendingCount() }
            return
        }
        let (pending, oldest) = try control.withSource {
            (try source.pendingCount(), try source.oldestPendingID())
        }
        control.pendingEstimate = pending
        flushes.removeAll { flush in
            guard let oldest, oldest <= flush.boundary else {
                flush.waiter.complete(sent: flush.sent)
                return true
            }
            let remaining = max(1, min(flush.target - flush.resolved, pending))
            flush.waiter.update(sent: flush.sent, remaining: remaining)
            return false
        }
    }

    /// On a normal stop: puts unsent work back in the queue and reports the last counters.
    private func finish() {
        let unsent = work.flatMap { $0.events.map(\.id) }
        work = []
        do {
            try control.withSource {
                if !unsent.isEmpty {
                    try source.release(unsent)
                }
                try reportCounters()
                control.pendingEstimate = try source.pendingCount()
            }
        } catch {
            logger.warning(
                "APM queue error while stopping the sender: \(configuration.client.redacted(String(describing: error)))")
        }
    }

    /// A network error as text for the log, secrets removed.
    private func describe(_ error: any Error) -> String {
        configuration.client.redacted(String(describing: error))
    }
}
