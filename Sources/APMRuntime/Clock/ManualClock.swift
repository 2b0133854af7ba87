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

import Synchronization

/// A clock that stands still until a test moves it with ``advance(by:)``.
///
/// Both readings move together. A thread waiting on a ``ConditionLock`` through this clock waits
/// without a time-out and is woken by every advance, so a sleeping ``Worker`` wakes exactly when
/// the test moves time past its deadline. ``sleepers(after:)`` and ``waitForSleeper(after:timeout:)``
/// tell the test when a thread has gone to sleep, so it advances time only then.
package final class ManualClock: AgentClock {
    private struct State {
        var monotonicNanos: UInt64
        var wallMicros: Int64
        /// The conditions threads wait on through this clock, with each waiter's deadline.
        var waiters: [ObjectIdentifier: (condition: ConditionLock, deadlines: [UInt64])] = [:]
    }

    private let state: Mutex<State>

    /// A clock reading `wallMicros` (by default 2023-11-14T22:13:20Z) and an arbitrary monotonic
    /// reading.
    package init(wallMicros: Int64 = 1_700_000_000_000_000) {
        state = Mutex(State(monotonicNanos: 1_000_000_000, wallMicros: wallMicros))
    }

    package var monotonicNanos: UInt64 { state.withLock { $0.monotonicNanos } }

    package var wallMicros: Int64 { state.withLock { $0.wallMicros } }

    /// Moves both readings forward by `duration` (not below zero) and wakes every thread waiting
    /// through this clock.
    package func advance(by duration: Duration) {
        let nanos = max(0, duration.inNanoseconds)
        let conditions = state.withLock { state in
            state.monotonicNanos &+= UInt64(nanos)
            state.wallMicros &+= nanos / 1_000
            return state.waiters.values.map(\.condition)
        }
        for condition in conditions {
            condition.withLock { condition.broadcast() }
        }
    }

    /// How many threads wait through this clock with a deadline later than `after` from now
    /// (`nil`: any waiter, with or without a deadline).
    package func sleepers(after: Duration? = .zero) -> Int {
        state.withLock { state in
            let threshold = after.map { state.monotonicNanos &+ UInt64(max(0, $0.inNanoseconds)) }
            return state.waiters.values.reduce(0) { count, entry in
                count + entry.deadlines.count { deadline in threshold.map { deadline > $0 } ?? true }
            }
        }
    }

    /// Suspends the calling task, polling in real time, until at least `count` threads sleep
    /// through this clock with a deadline more than `after` from now; `false` after `timeout`.
    package func waitForSleeper(count: Int = 1, after: Duration = .zero, timeout: Duration = .seconds(30)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while sleepers(after: after) < count {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    package func wait(on condition: ConditionLock, until deadline: UInt64) -> Bool {
        let key = ObjectIdentifier(condition)
        let pending = state.withLock { state -> Bool in
            guard state.monotonicNanos < deadline else { return false }
            state.waiters[key, default: (condition, [])].deadlines.append(deadline)
            return true
        }
        guard pending else { return false }
        // `advance` broadcasts with the condition's lock held, which the caller holds until
        // `wait()` releases it: an advance after the check above cannot be missed.
        condition.wait()
        return state.withLock { state in
            if var entry = state.waiters[key], let index = entry.deadlines.firstIndex(of: deadline) {
                entry.deadlines.remove(at: index)
                state.waiters[key] = entry.deadlines.isEmpty ? nil : entry
            }
            return state.monotonicNanos < deadline
        }
    }
}
