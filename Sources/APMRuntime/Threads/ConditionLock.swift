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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable (pthread): the one lock the agent's threads sleep on.
///
/// Timed waits take a monotonic deadline read from an ``AgentClock``: on the ``SystemClock`` the
/// wait times out by itself (`CLOCK_MONOTONIC` on Linux, so adjusting the wall clock changes
/// nothing); on a ``ManualClock`` it lasts until the test advances that clock past the deadline.
package final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// An unlocked lock.
    package init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        #if os(Linux)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        #else
        pthread_cond_init(condition, nil)
        #endif
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Takes the mutex.
    package func lock() { pthread_mutex_lock(mutex) }

    /// Releases the mutex.
    package func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` with the mutex held.
    package func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Wakes one waiter. Call with the mutex held.
    package func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiter. Call with the mutex held.
    package func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits until signalled. Call with the mutex held.
    package func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits until signalled or until `clock` reaches `deadline` (a monotonic reading of it);
    /// returns `false` once the deadline has passed. Call with the mutex held.
    @discardableResult
    package func wait(until deadline: UInt64, on clock: any AgentClock = SystemClock()) -> Bool {
        clock.wait(on: self, until: deadline)
    }

    /// Waits, with the mutex held, until `predicate` holds or `clock` reaches `deadline`;
    /// returns `predicate()`.
    package func wait(until deadline: UInt64, on clock: any AgentClock = SystemClock(), for predicate: () -> Bool) -> Bool {
        while !predicate() {
            if !wait(until: deadline, on: clock), clock.monotonicNanos >= deadline { return predicate() }
        }
        return true
    }

    /// The timed wait on the system's monotonic clock (``SystemClock``). Call with the mutex held.
    func waitOnSystemClock(until deadline: UInt64) -> Bool {
        #if os(Linux)
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        return pthread_cond_timedwait(condition, mutex, &spec) == 0
        #else
        let now = SystemClock().monotonicNanos
        guard deadline > now else { return false }
        let remaining = deadline - now
        var relative = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
        return pthread_cond_timedwait_relative_np(condition, mutex, &relative) == 0
        #endif
    }
}
