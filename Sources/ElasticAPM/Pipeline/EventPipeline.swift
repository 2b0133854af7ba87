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
import Foundation
import Logging

/// The bounded hand-off from application threads to the agent's writer thread, and that thread.
///
/// Application threads call ``submit(_:durable:)``: it takes a lock, appends a value and returns
/// (no encoding, no I/O). When the buffered events exceed `queue_memory_limit` bytes the new event
/// is dropped and counted (`reason=queue`). The writer thread wakes at most once per
/// `queue_commit_interval`, encodes everything pending and appends it to the store, one
/// transaction per ``commitEventLimit`` events or ``commitByteLimit`` bytes of lines. Strict
/// events (errors under `queue_durability=strict`) wake it at once and their submitter waits
/// until they are committed.
final class EventPipeline: @unchecked Sendable {
    /// Things the writer needs, created on the writer thread.
    struct Environment {
        var store: QueueWriter
        /// This process run's metadata row in the queue.
        var metadataID: Int64
        var tap: NDJSONTap?
        /// Called after each commit that stored events, with their ND-JSON bytes and count
        /// (paces the sender).
        var onCommit: @Sendable (_ bytes: Int, _ events: Int) -> Void = { _, _ in }
    }

    /// The writer thread; its lock guards the hand-off below.
    private let worker = Worker(name: "elastic-apm-writer")
    private let lock: ConditionLock
    private let committed = ConditionLock()
    // Guarded by `lock`. `lock` is what keeps accesses from overlapping, so the ones
    // ``submit(_:durable:timeout:)`` makes on every application thread skip the runtime's
    // exclusivity bookkeeping (a third of the hand-off's instructions).
    @exclusivity(unchecked) private var pending: [CapturedEvent] = []
    @exclusivity(unchecked) private var pendingBytes = 0
    @exclusivity(unchecked) private var submittedSequence: UInt64 = 0
    @exclusivity(unchecked) private var writerIdle = false
    @exclusivity(unchecked) private var urgent = false
    @exclusivity(unchecked) private var stopping = false
    @exclusivity(unchecked) private var storeUnavailable = false
    /// Events handed over, by ``CapturedEvent/kindIndex``.
    @exclusivity(unchecked) private var capturedCounts = [Int](repeating: 0, count: CapturedEvent.kinds.count)
    /// Drops at the hand-off (buffer full): the hot drop path, kept out of the dictionary.
    @exclusivity(unchecked) private var droppedAtHandOff = 0
    /// Drops for every other reason (`store`, `disk_full`, `read_only`).
    @exclusivity(unchecked) private var droppedByReason: [String: Int] = [:]
    /// Lowest and highest `pendingBytes` since the last ``takeFillRange()`` (agent health).
    @exclusivity(unchecked) private var fillLow = 0
    @exclusivity(unchecked) private var fillHigh = 0
    // Guarded by `committed`.
    private var committedSequence: UInt64 = 0
    private var storedCount = 0
    private var truncatedCount = 0
    private var writerFinished = false
    /// The writer's queue once its thread has finished, for an exact count at close.
    private var finishedStore: QueueWriter?

    private let memoryLimit: Int
    private let commitIntervalNanos: UInt64
    private let logger: Logger

    init(memoryLimit: Int, commitInterval: Duration, logger: Logger) {
        self.lock = worker.lock
        self.memoryLimit = memoryLimit
        self.commitIntervalNanos = UInt64(max(1, commitInterval.inNanoseconds))
        self.logger = logger
    }

    /// Starts the writer thread; `makeEnvironment` runs on it (opening files is I/O), `settings`
    /// gives the encoding options in force at each commit.
    func start(settings: @escaping @Sendable () -> AgentSettings, makeEnvironment: @escaping @Sendable () -> Environment?) {
        worker.start { [self] in
            guard let environment = makeEnvironment() else {
                self.finishWithoutStore()
                return
            }
            self.run(environment, settings: settings)
        }
    }

    /// Hands an event to the writer. Returns `false` when it was dropped (buffer full or agent closed).
    /// With `durable`, waits (on this thread) until the event is committed or `timeout` passes.
    @discardableResult
    func submit(_ event: CapturedEvent, durable: Bool = false, timeout: Duration = .seconds(5)) -> Bool {
        let size = event.approximateSize
        lock.lock()
        capturedCounts[event.kindIndex] += 1
        guard !stopping, pendingBytes + size <= memoryLimit else {
            if storeUnavailable {
                droppedByReason["store", default: 0] += 1
            } else {
                droppedAtHandOff += 1
            }
            fillHigh = memoryLimit
            lock.unlock()
            return false
        }
        pending.append(event)
        pendingBytes += size
        if pendingBytes > fillHigh { fillHigh = pendingBytes }
        submittedSequence += 1
        let sequence = submittedSequence
        if durable { urgent = true }
        if writerIdle || durable { lock.signal() }
        lock.unlock()
        if durable { return waitUntilCommitted(sequence, timeout: timeout) }
        return true
    }

    /// Waits until every event submitted before this call is committed (or dropped by the store).
    /// Returns `false` on time-out.
    func flush(timeout: Duration) -> Bool {
        lock.lock()
        let sequence = submittedSequence
        urgent = true
        lock.signal()
        lock.unlock()
        return waitUntilCommitted(sequence, timeout: timeout)
    }

    /// Commits what is pending and stops the writer thread. Events submitted afterwards are dropped.
    func stop(timeout: Duration) {
        lock.withLock { stopping = true }
        worker.stop(timeout: timeout)
    }

    /// The number of events in the queue, counted on the calling thread once the writer thread has
    /// finished (after ``stop(timeout:)``); `nil` before that or when the queue cannot be read.
    func queuedEventCount() -> Int? {
        let store = committed.withLock { finishedStore }
        return try? store?.pendingCount()
    }

    /// What was captured, stored and dropped so far.
    var statistics: APMAgent.Statistics {
        let (captured, dropped) = lock.withLock { (capturedTotals, droppedTotals) }
        let (stored, truncated) = committed.withLock { (storedCount, truncatedCount) }
        return APMAgent.Statistics(captured: captured, stored: stored, dropped: dropped, truncated: truncated)
    }

    /// The lowest and highest fill of the hand-off since the previous call, as shares of
    /// `queue_memory_limit` (the highest is 1 after a drop); both restart from the current fill.
    func takeFillRange() -> (low: Double, high: Double) {
        lock.withLock {
            let limit = Double(memoryLimit)
            let range = (low: Double(fillLow) / limit, high: Double(min(fillHigh, memoryLimit)) / limit)
            fillLow = pendingBytes
            fillHigh = pendingBytes
            return range
        }
    }

    /// Captured totals by intake type. Call with `lock` held.
    private var capturedTotals: [String: Int] {
        var totals: [String: Int] = [:]
        for (index, count) in capturedCounts.enumerated() where count > 0 { totals[CapturedEvent.kinds[index]] = count }
        return totals
    }

    /// Dropped totals by reason. Call with `lock` held.
    private var droppedTotals: [String: Int] {
        var totals = droppedByReason
        if droppedAtHandOff > 0 { totals["queue", default: 0] += droppedAtHandOff }
        return totals
    }

    private func waitUntilCommitted(_ sequence: UInt64, timeout: Duration) -> Bool {
        let deadline = SystemClock().deadline(after: timeout)
        return committed.withLock {
            committed.wait(until: deadline) { committedSequence >= sequence || writerFinished }
                && committedSequence >= sequence
        }
    }

    /// Most events in one commit of the writer.
    static let commitEventLimit = 4096
    /// Commits end once their lines reach this many bytes (before compression).
    static let commitByteLimit = 1 << 20

    private func run(_ environment: Environment, settings: () -> AgentSettings) {
        var encoder = IntakeEncoder()
        var lastCommit: UInt64 = 0
        var lastStoreFailure: String?
        var persistedCounters: [String: Int64] = [:]
        // Double buffering: the writer swaps its empty buffer with the pending one, so neither side
        // reallocates in steady state.
        var batch: [CapturedEvent] = []
        // The encoded lines of one commit, grouped as the store keeps them; buffers reused.
        var lines = EventBatch()
        let backlogEvents = 4096
        while true {
            lock.lock()
            while pending.isEmpty, !stopping, !urgent {
                writerIdle = true
                lock.wait()
                writerIdle = false
            }
            // Batch: let events accumulate for one commit interval unless someone waits or a
            // backlog has built up.
            let deadline = lastCommit &+ commitIntervalNanos
            _ = lock.wait(until: deadline, on: worker.clock) { urgent || stopping || pending.count >= backlogEvents }
            swap(&batch, &pending)
            let sequence = submittedSequence
            pendingBytes = 0
            fillLow = 0
            urgent = false
            let finishing = stopping
            lock.unlock()

            encoder.options = IntakeEncoder.Options(settings())
            var stored = 0
            var next = 0
            // One commit per chunk: a backlog is stored in transactions of bounded size, so the
            // encoding buffers stay small and reused and the WAL never takes one huge commit.
            while next < batch.count {
                lines.removeAll()
                while next < batch.count, lines.count < Self.commitEventLimit, lines.rawSize < Self.commitByteLimit {
                    let event = batch[next]
                    lines.appendLine(
                        kind: event.kind, isUnsampledTransaction: event.isUnsampledTransaction, createdAt: event.timestamp
                    ) { encoder.encode(event, appendingTo: &$0) }
                    next += 1
                }
                do {
                    try environment.store.append(lines, metadataID: environment.metadataID)
                    stored += lines.count
                    environment.tap?.write(lines)
                    environment.onCommit(lines.rawSize, lines.count)
                    if lastStoreFailure != nil {
                        logger.notice("Event queue writable again; capture resumed")
                        lastStoreFailure = nil
                    }
                } catch {
                    let failure = error as? QueueWriteFailure ?? .other("\(error)")
                    lock.withLock { droppedByReason[failure.reason, default: 0] += lines.count }
                    if lastStoreFailure != failure.reason {
                        logger.error(
                            "Cannot write to the event queue (\(failure.reason)): \(error); new events are dropped and counted")
                        lastStoreFailure = failure.reason
                    }
                }
            }
            batch.removeAll(keepingCapacity: true)
            persistCounters(to: environment.store, persisted: &persistedCounters)
            lastCommit = worker.clock.monotonicNanos
            committed.withLock {
                committedSequence = sequence
                storedCount += stored
                truncatedCount = encoder.truncatedEvents
                if finishing {
                    writerFinished = true
                    finishedStore = environment.store
                }
                committed.broadcast()
            }
            if finishing { return }
        }
    }

    /// Writes the change of the captured and dropped totals since the last successful write.
    private func persistCounters(to store: QueueWriter, persisted: inout [String: Int64]) {
        let current = lock.withLock { () -> [String: Int64] in
            var totals: [String: Int64] = [:]
            for (kind, count) in capturedTotals { totals["captured.\(kind)"] = Int64(count) }
            for (reason, count) in droppedTotals { totals["dropped.\(reason)"] = Int64(count) }
            return totals
        }
        var deltas: [String: Int64] = [:]
        for (name, total) in current where total != persisted[name, default: 0] {
            deltas[name] = total - persisted[name, default: 0]
        }
        guard !deltas.isEmpty else { return }
        do {
            try store.addCounters(deltas)
            persisted = current
        } catch {
            // Kept for the next commit: the totals in memory stay right.
        }
    }

    private func finishWithoutStore() {
        lock.withLock {
            stopping = true
            storeUnavailable = true
            droppedByReason["store", default: 0] += pending.count
            pending.removeAll()
        }
        committed.withLock {
            writerFinished = true
            committed.broadcast()
        }
    }
}

extension CapturedEvent {
    /// Whether the event is a transaction that was not sampled.
    var isUnsampledTransaction: Bool {
        if case .transaction(let event) = self { return !event.sampled }
        return false
    }

    /// When the event happened (its intake timestamp), µs since the epoch.
    var timestamp: Int64 {
        switch self {
        case .transaction(let event): event.timestamp
        case .span(let event): event.timestamp
        case .error(let event): event.timestamp
        case .metricset(let event): event.timestamp
        case .log(let event): event.timestamp
        }
    }
}
