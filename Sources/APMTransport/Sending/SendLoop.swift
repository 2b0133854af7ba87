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
import APMStore
import AsyncHTTPClient
import Logging

/// The body of the sender thread: claims blocks, sends them, applies the answers to the queue,
/// paces requests, backs off, serves flushes.
///
/// Confined to the sender thread: only `run()` touches its state, and that runs on one
/// thread. The queue is reached only through ``SenderControl/withSource(_:)``.
final class SendLoop: @unchecked Sendable {
    /// A flush the sender has taken on: the blocks with ids up to `boundary` must leave the
    /// queue.
    private struct ActiveFlush {
        var waiter: FlushWaiter
        var boundary: Int64
        var target: Int
        var resolved = 0
        var sent = 0
    }

    /// Claimed blocks of one run waiting to go out together, oldest first.
    private struct Work {
        var metadataID: Int64
        var metadata: [UInt8]
        var blocks: [StoredBlock]

        var events: Int { blocks.reduce(0) { $0 + $1.events } }
        var storedBytes: Int { blocks.reduce(0) { $0 + $1.body.count } }

        func with(_ blocks: some Sequence<StoredBlock>) -> Work {
            Work(metadataID: metadataID, metadata: metadata, blocks: Array(blocks))
        }
    }

    /// The longest ND-JSON a stored block may inflate to when the sender decodes it.
    static let decodeLimit = 64 * 1024 * 1024
    /// The most blocks one merge call may touch while the sender waits out a backoff.
    static let mergeStep = 64
    /// How often the sender merges again while it waits out a long backoff.
    static let mergeInterval = Duration.seconds(1)
    /// The smallest share of a full request the sender shrinks to after answers that timed out.
    static let smallestRequestScale = 1.0 / 64

    private let source: any QueueReader
    private let client: IntakeClient
    private var configuration: IntakeSenderConfiguration
    private let logger: Logger
    private let control: SenderControl

    private var work: [Work] = []
    private var serverInfo = ServerInfo.unknown
    private var needsServerInfo = true
    private var streak = FailureStreak()
    private var ratio = CompressionRatio()
    /// The share of `api_request_size` and `maxEventsPerRequest` the next claim takes: halved
    /// when the server did not answer a request within the timeout (it may be too slow for that
    /// much), doubled back after each accepted request.
    private var requestScale = 1.0
    private var metadataMember: (id: Int64, member: [UInt8])?
    private var flushes: [ActiveFlush] = []
    private var unboundFlushes: [FlushWaiter] = []
    private var counters = SenderCounters()
    private var queueFailing = false
    private var random = SystemRandomNumberGenerator()

    init(
        source: any QueueReader,
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
    }

    /// The pacing a sender with `configuration` starts with.
    static func pacing(for configuration: IntakeSenderConfiguration) -> RequestPacing {
        RequestPacing(
            interval: configuration.apiRequestTime,
            sizeTrigger: CompressionRatio().uncompressedBudget(for: configuration.apiRequestSize),
            eventTrigger: configuration.maxEventsPerRequest)
    }

    /// The sender's clock (pacing, backoff and poll sleeps).
    private var clock: any AgentClock { control.clock }

    /// Runs until stop, then releases unsent blocks, ends open flushes and shuts the client
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
                control.withPacing { $0.resume() }
                _ = control.sleep(until: clock.deadline(after: configuration.queueErrorDelay), interruptedBy: [])
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
    /// then send one request, or sleep until the next claim is due.
    private func cycle() throws {
        try takeNewFlushes()
        if needsServerInfo {
            guard try refreshServerInfo() else { return }
        }
        if let limits = control.takeLimits() {
            configuration.apiRequestSize = limits.apiRequestSize
            configuration.apiRequestTime = limits.apiRequestTime
            updatePacing()
        }
        if work.isEmpty {
            // A wake (new limits, commits that fill a request) is answered by looking again here.
            control.clearWake()
            let now = clock.monotonicNanos
            let due = control.withPacing { $0.nextClaim(now: now) }
            if flushes.isEmpty, due > now {
                _ = control.sleep(until: due, interruptedBy: [.wake, .flush])
                return
            }
            guard try claim(at: now) else {
                try updateFlushes()
                if !flushes.isEmpty {
                    // The blocks a flush waits for are held by someone else; look again soon.
                    _ = control.sleep(until: clock.deadline(after: configuration.flushPollInterval), interruptedBy: [.flush])
                }
                return
            }
        }
        guard !control.isStopping else { return }
        try sendNext()
        try updateFlushes()
    }

    /// Claims the next blocks into `work`; `false` when nothing was claimable.
    private func claim(at now: UInt64) throws -> Bool {
        let size = Int(Double(configuration.apiRequestSize) * requestScale)
        let budget = max(1, size - (metadataMember?.member.count ?? 0))
        let maxEvents = max(1, Int(Double(configuration.maxEventsPerRequest) * requestScale))
        // Commits the writer makes while the claim runs count toward the next claim.
        let counted = control.withPacing { $0.counted }
        let claimed = try control.withSource { try source.claim(maxBytes: budget, maxEvents: maxEvents) }
        guard let claimed, !claimed.blocks.isEmpty else {
            control.withPacing { $0.claimed(at: now, moreWaiting: false, counted: counted) }
            return false
        }
        let item = Work(metadataID: claimed.metadataID, metadata: claimed.metadata, blocks: claimed.blocks)
        for block in claimed.blocks {
            ratio.record(uncompressed: block.rawSize, compressed: block.body.count)
        }
        // Blocks the claim's limits left behind (or another run's) are a backlog: claim again at once.
        control.withPacing { $0.claimed(at: now, moreWaiting: claimed.moreClaimable, counted: counted) }
        updatePacing()
        work = [item]
        return true
    }

    /// Hands the current limits and compression ratio to the pacing.
    private func updatePacing() {
        let interval = configuration.apiRequestTime
        let trigger = ratio.uncompressedBudget(for: configuration.apiRequestSize)
        control.withPacing { pacing in
            pacing.interval = interval
            pacing.sizeTrigger = trigger
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
        var item = work.removeFirst()
        if serverInfo.skipsUnsampledTransactions {
            let skipped = item.blocks.filter(\.isUnsampledTransactions)
            if !skipped.isEmpty {
                counters.add(SenderCounters.skippedUnsampled, skipped.reduce(0) { $0 + $1.events })
                try settle(acknowledged: skipped, sent: false)
                item.blocks.removeAll(where: \.isUnsampledTransactions)
                guard !item.blocks.isEmpty else { return }
            }
        }
        let member: [UInt8]
        do {
            member = try metadataMember(for: item)
            try fit(&item, metadataSize: member.count)
        } catch let error as IntakeClientError {
            try apply(.retry(acceptedPrefix: 0, reason: error.description), to: item, bodySize: 0, status: 0)
            return
        }
        let request = IntakeRequest(metadataMember: member, metadataSize: item.metadata.count + 1, blocks: item.blocks)
        guard let result = control.wait(for: client.sendFuture(request)) else {
            throw SenderExit()
        }
        switch result {
        case .success(let response):
            let outcome = response.classify(eventCount: request.eventCount) { Self.lines(of: item.blocks) }
            try apply(outcome, to: item, bodySize: request.body.count, status: response.status)
        case .failure(let error):
            if let error = error as? HTTPClientError, error == .readTimeout, requestScale > Self.smallestRequestScale {
                requestScale /= 2
                logger.debug(
                    "APM Server did not answer a request of \(request.eventCount) events in time; the next requests are smaller")
            }
            try apply(.retry(acceptedPrefix: 0, reason: describe(error)), to: item, bodySize: request.body.count, status: 0)
        }
    }

    /// The run's metadata line as a gzip member, compressed once per run.
    private func metadataMember(for item: Work) throws(IntakeClientError) -> [UInt8] {
        if let metadataMember, metadataMember.id == item.metadataID {
            return metadataMember.member
        }
        let member = try IntakeRequest.metadataMember(serverInfo.metadataLine(item.metadata))
        metadataMember = (item.metadataID, member)
        return member
    }

    /// Keeps in `item` the longest prefix of blocks whose body fits `apiRequestSize` and puts
    /// the rest back at the front of the work list; a single block too large on its own is
    /// split in the queue until its first half fits or is a single line.
    private func fit(_ item: inout Work, metadataSize: Int) throws {
        let budget = configuration.apiRequestSize - metadataSize
        var bytes = 0
        var count = 0
        for block in item.blocks {
            if count > 0, bytes + block.body.count > budget { break }
            bytes += block.body.count
            count += 1
        }
        if count < item.blocks.count {
            work.insert(item.with(item.blocks[count...]), at: 0)
            item.blocks.removeSubrange(count...)
        }
        while item.blocks.count == 1, item.blocks[0].body.count > budget, item.blocks[0].events > 1 {
            let halves = try control.withSource { try source.split(item.blocks[0].id) }
            guard halves.count == 2 else { break }
            cover(item.blocks[0].id, by: halves)
            item.blocks = [halves[0]]
            work.insert(item.with([halves[1]]), at: 0)
        }
    }

    /// The ND-JSON lines of `blocks` in order, or `nil` when a block cannot be decoded.
    static func lines(of blocks: [StoredBlock]) -> [[UInt8]]? {
        var lines: [[UInt8]] = []
        for block in blocks {
            guard let text = try? Gzip.decompress(block.body, limit: decodeLimit) else { return nil }
            let split = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
            guard split.count == block.events else { return nil }
            lines += split.map(Array.init)
        }
        return lines
    }

    /// Applies one request's outcome to the queue, the counters, the streak and the log.
    private func apply(_ outcome: IntakeOutcome, to item: Work, bodySize: Int, status: Int) throws {
        let events = item.events
        switch outcome {
        case .accepted:
            counters.add(SenderCounters.requestsSuccess, 1)
            counters.add(SenderCounters.bytesSuccess, bodySize)
            counters.add(SenderCounters.sent, events)
            try settle(acknowledged: item.blocks, sent: true)
            requestScale = min(1, requestScale * 2)
            endStreak()

        case .rejected(let deadLetters, let unmatched):
            countFailedRequest(bodySize)
            let reasons = deadLetters.mapValues(configuration.client.redacted)
            let rejected = Self.rejectedLines(reasons, in: item.blocks)
            counters.add(SenderCounters.deadLettered, rejected.count)
            counters.add(SenderCounters.sent, events - rejected.count)
            try settle(rejected: rejected, of: item.blocks, status: status)
            var messages: [String] = []
            for message in Set(reasons.values).sorted() + unmatched.map(configuration.client.redacted)
            where !messages.contains(message) {
                messages.append(message)
            }
            logger.warning(
                "APM Server rejected \(rejected.count) of \(events) events (HTTP \(status)): \(messages.joined(separator: "; "))"
            )
            endStreak()

        case .tooLarge(let reason):
            countFailedRequest(bodySize)
            try splitTooLarge(item, reason: reason, status: status)
            endStreak()

        case .unauthorized(let reason):
            countFailedRequest(bodySize)
            try backOff(.auth, reason: configuration.client.redacted(reason), keeping: item.blocks)

        case .retry(let prefix, let reason):
            countFailedRequest(bodySize)
            let kept = try settle(indexedPrefix: prefix, of: item.blocks)
            try backOff(.outage, reason: configuration.client.redacted(reason), keeping: kept)
        }
    }

    /// A 413: retries the halves of a request of several blocks, splits a single block of
    /// several lines, and dead-letters a single line.
    private func splitTooLarge(_ item: Work, reason: String, status: Int) throws {
        if item.blocks.count > 1 {
            counters.add(SenderCounters.split413, 1)
            let half = item.blocks.count / 2
            work.insert(contentsOf: [item.with(item.blocks[..<half]), item.with(item.blocks[half...])], at: 0)
            logger.debug("Request of \(item.events) events too large (\(reason)); splitting it in two")
            try control.withSource { try reportCounters() }
        } else if let block = item.blocks.first, block.events > 1 {
            counters.add(SenderCounters.split413, 1)
            let halves = try control.withSource { () throws -> [StoredBlock] in
                try reportCounters()
                return try source.split(block.id)
            }
            cover(block.id, by: halves)
            work.insert(contentsOf: halves.map { item.with([$0]) }, at: 0)
            logger.debug("Block of \(block.events) events too large (\(reason)); splitting it in two")
        } else if let block = item.blocks.first {
            counters.add(SenderCounters.deadLettered, 1)
            let why = configuration.client.redacted(reason)
            try settle(rejected: [RejectedLine(blockID: block.id, line: 0, reason: why)], of: [block], status: status)
            logger.warning("APM Server refused a single event as too large; moved to dead letters: \(why)")
        }
    }

    /// The rejected positions of a request as lines of its blocks.
    private static func rejectedLines(_ reasons: [Int: String], in blocks: [StoredBlock]) -> [RejectedLine] {
        var rejected: [RejectedLine] = []
        var start = 0
        for block in blocks {
            for line in 0..<block.events {
                if let reason = reasons[start + line] {
                    rejected.append(RejectedLine(blockID: block.id, line: line, reason: reason))
                }
            }
            start += block.events
        }
        return rejected
    }

    private func countFailedRequest(_ bodySize: Int) {
        counters.add(SenderCounters.requestsFailure, 1)
        counters.add(SenderCounters.bytesFailure, bodySize)
    }

    /// Releases `blocks` and every piece of work not yet sent, counts the failure, logs on a
    /// change of state, merges waiting blocks and sleeps the backoff (only stop cuts it short).
    private func backOff(_ kind: FailureStreak.Kind, reason: String, keeping blocks: [StoredBlock]) throws {
        let kept = blocks + work.flatMap(\.blocks)
        work = []
        counters.add(SenderCounters.retried, kept.reduce(0) { $0 + $1.events })
        try control.withSource {
            if !kept.isEmpty {
                try source.release(kept.map(\.id))
            }
            try reportCounters()
            // A flush that times out during the outage reports this as what is left.
            control.pendingEstimate = try source.pendingCount()
        }
        control.withPacing { $0.resume() }
        let changed = streak.recordFailure(kind, at: clock.monotonicNanos)
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
        // The backoff is the sender's idle time: it merges what waits now and, through a long
        // outage, what the writer stored since, once per mergeInterval.
        let until = clock.deadline(after: delay)
        while !control.isStopping {
            mergeWaitingBlocks(until: until)
            guard clock.monotonicNanos < until else { return }
            let wake = min(until, clock.deadline(after: Self.mergeInterval))
            while let interruption = control.sleep(until: wake, interruptedBy: [.flush]) {
                guard interruption == .flush else { return }
                try takeNewFlushes()
            }
        }
    }

    /// While the server cannot take events, merges small waiting blocks into large ones (they
    /// compress better and go out in fewer requests), a bounded step at a time, until a whole
    /// pass over the queue merged nothing, `deadline` passes or a stop is asked for.
    private func mergeWaitingBlocks(until deadline: UInt64) {
        var removedThisPass = 0
        while !control.isStopping, clock.monotonicNanos < deadline {
            do {
                let step = try control.withSource { try source.mergeWaitingBlocks(limit: Self.mergeStep) }
                removedThisPass += step.removed
                if step.passEnded {
                    guard removedThisPass > 0 else { return }
                    removedThisPass = 0
                }
            } catch {
                logger.debug(
                    "APM queue could not merge waiting blocks: \(configuration.client.redacted(String(describing: error)))")
                return
            }
        }
    }

    /// Ends a failure streak after an answer that shows the server reachable and the
    /// credentials accepted.
    private func endStreak() {
        guard let ended = streak.recordSuccess(at: clock.monotonicNanos) else { return }
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

    /// Acknowledges delivered (or skipped) blocks, reports the counters and credits flushes.
    private func settle(acknowledged blocks: [StoredBlock], sent: Bool) throws {
        try control.withSource {
            if !blocks.isEmpty {
                try source.acknowledge(blocks.map(\.id))
            }
            try reportCounters()
        }
        for block in blocks {
            credit(block.id, resolved: block.events, sent: sent ? block.events : 0)
        }
    }

    /// Settles blocks the server indexed except the `rejected` lines (dead letters).
    private func settle(rejected: [RejectedLine], of blocks: [StoredBlock], status: Int) throws {
        try control.withSource {
            try source.settleRejected(blocks: blocks.map(\.id), rejected: rejected, status: status)
            try reportCounters()
        }
        for block in blocks {
            let refused = rejected.count { $0.blockID == block.id }
            credit(block.id, resolved: block.events, sent: block.events - refused)
        }
    }

    /// Settles the first `prefix` events of a request the server indexed before failing:
    /// whole blocks are acknowledged, a block the prefix ends in loses its leading lines.
    /// Returns the blocks still to send.
    private func settle(indexedPrefix prefix: Int, of blocks: [StoredBlock]) throws -> [StoredBlock] {
        guard prefix > 0 else { return blocks }
        var whole: [StoredBlock] = []
        var rest = ArraySlice(blocks)
        var left = prefix
        while let block = rest.first, block.events <= left {
            whole.append(block)
            left -= block.events
            rest = rest.dropFirst()
        }
        counters.add(SenderCounters.sent, prefix)
        try settle(acknowledged: whole, sent: true)
        guard left > 0, let partial = rest.first else { return Array(rest) }
        let shortened = try control.withSource { try source.dropLeadingLines(left, ofBlock: partial.id) }
        credit(partial.id, resolved: left, sent: left)
        return (shortened.map { [$0] } ?? []) + rest.dropFirst()
    }

    /// Keeps the events of block `id` in the flushes that wait for it after the queue split it
    /// into `halves`, whatever ids those got.
    private func cover(_ id: Int64, by halves: [StoredBlock]) {
        for index in flushes.indices where id <= flushes[index].boundary {
            flushes[index].boundary = halves.reduce(flushes[index].boundary) { max($0, $1.id) }
        }
    }

    /// Credits the flushes whose boundary covers block `id`.
    private func credit(_ id: Int64, resolved: Int, sent: Int) {
        for index in flushes.indices where id <= flushes[index].boundary {
            flushes[index].resolved += resolved
            flushes[index].sent += sent
        }
    }

    /// Hands the gathered counter deltas to the queue; call inside `withSource`.
    private func reportCounters() throws {
        let deltas = counters.take()
        if !deltas.isEmpty {
            try source.addCounters(deltas)
        }
    }

    /// Takes on newly registered flushes: fixes each one's boundary at the newest block now.
    /// Flushes whose boundary could not be read (a queue error) wait for the next try.
    private func takeNewFlushes() throws {
        unboundFlushes += control.takeNewFlushes()
        guard !unboundFlushes.isEmpty else { return }
        let (bounds, pending) = try control.withSource {
            (try source.blockIDBounds(), try source.pendingCount())
        }
        control.pendingEstimate = pending
        let waiters = unboundFlushes
        unboundFlushes = []
        for waiter in waiters {
            guard let bounds else {
                waiter.complete(sent: 0)
                continue
            }
            waiter.update(sent: 0, remaining: pending)
            flushes.append(ActiveFlush(waiter: waiter, boundary: bounds.newest, target: pending))
        }
    }

    /// Completes flushes whose blocks have all left the queue and updates the others' counts.
    private func updateFlushes() throws {
        flushes.removeAll { $0.waiter.isResolved }
        guard !flushes.isEmpty else {
            control.pendingEstimate = try control.withSource { try source.pendingCount() }
            return
        }
        let (pending, bounds) = try control.withSource {
            (try source.pendingCount(), try source.blockIDBounds())
        }
        control.pendingEstimate = pending
        flushes.removeAll { flush in
            guard let oldest = bounds?.oldest, oldest <= flush.boundary else {
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
        let unsent = work.flatMap { $0.blocks.map(\.id) }
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
        configuration.client.redacted(NetworkErrorText.describe(error))
    }
}
