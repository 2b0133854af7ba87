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
import Foundation
import Synchronization

/// The metrics thread: every `metrics_interval` it collects every ``MetricSource``, removes the
/// samples `disable_metrics` names, and hands the metricsets to the writer through the same
/// bounded hand-off as spans (while `recording` is off it collects, so deltas restart, but sends
/// nothing). It primes delta-based sources when it starts and collects once more
/// when stopped, so the last interval is not lost. Reading `/proc` and the queue file's counters
/// happens on this thread only.
final class MetricsReporter: @unchecked Sendable {
    private let worker: Worker
    /// Guarded by `worker.lock`.
    private var primed = false

    /// The sources; the lock also serialises a collection requested from another thread (benchmarks).
    private let sources: Mutex<[any MetricSource]>
    private let pipeline: EventPipeline
    private let intervalNanos: UInt64
    private let settings: @Sendable () -> AgentSettings

    /// A reporter collecting `sources` every `interval` (positive) of `clock` into `pipeline`;
    /// `settings` gives `recording` and `disable_metrics` in force at each collection.
    init(
        sources: sending [any MetricSource], pipeline: EventPipeline, interval: Duration,
        clock: any AgentClock = SystemClock(), settings: @escaping @Sendable () -> AgentSettings
    ) {
        self.worker = Worker(name: "elastic-apm-metrics", clock: clock)
        self.sources = Mutex(sources)
        self.pipeline = pipeline
        self.intervalNanos = UInt64(max(1, interval.inNanoseconds))
        self.settings = settings
    }

    /// Starts the metrics thread.
    func start() {
        worker.start { [self] in run() }
    }

    /// Makes the thread collect one last time and stop; waits at most `timeout` for it. Everything
    /// captured before is committed first, so the last collection sees its agent-health counters.
    func stop(timeout: Duration) {
        let deadline = ContinuousClock.now + timeout
        _ = pipeline.flush(timeout: timeout)
        worker.stop(timeout: max(.zero, deadline - ContinuousClock.now))
    }

    /// Waits until the thread has taken its baselines (deltas are reported from then on); `false` on time-out.
    func waitUntilPrimed(timeout: Duration) -> Bool {
        let system = SystemClock()
        let deadline = system.deadline(after: timeout)
        return worker.lock.withLock {
            worker.lock.wait(until: deadline, on: system) { primed }
        }
    }

    /// Collects every source now and submits the metricsets; returns how many were accepted.
    @discardableResult
    func collectNow() -> Int {
        let time = Timestamp.now(on: worker.clock)
        let metricsets = sources.withLock { sources -> [MetricsetEvent] in
            var metricsets: [MetricsetEvent] = []
            for source in sources { source.collect(at: time, into: &metricsets) }
            return metricsets
        }
        let settings = settings()
        guard settings.recording else { return 0 }
        let disabled = settings.disableMetrics
        var accepted = 0
        for var metricset in metricsets {
            metricset.samples.removeAll { sample in
                if case .single(let value) = sample.value, !value.isFinite { return true }
                return disabled.matches(sample.name)
            }
            if !metricset.samples.isEmpty, pipeline.submit(.metricset(metricset)) { accepted += 1 }
        }
        return accepted
    }

    private func run() {
        let start = Timestamp.now(on: worker.clock)
        sources.withLock { sources in
            for source in sources { source.prime(at: start) }
        }
        worker.lock.withLock {
            primed = true
            worker.lock.broadcast()
        }
        var next = start.monotonicNanos &+ intervalNanos
        while true {
            let finishing = worker.sleep(until: next) == .stopping
            collectNow()
            if finishing { break }
            next &+= intervalNanos
            let now = worker.clock.monotonicNanos
            if next <= now { next = now &+ intervalNanos }
        }
        // Releases the sources' resources (the queue file connection).
        sources.withLock { $0.removeAll() }
    }
}
