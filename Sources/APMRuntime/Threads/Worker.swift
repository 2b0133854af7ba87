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

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A background thread of the agent (writer, sender, metrics, central configuration, symbols):
/// started by name, woken, sleeping through an ``AgentClock``, stopped with a deadline and joined.
///
/// The worker's ``lock`` guards its own state and whatever its owner keeps beside it, so one
/// lock covers both the hand-off and the sleep. The thread's sleeps follow ``clock``: on a
/// ``ManualClock`` a sleeping worker wakes when the test advances time past its deadline. The
/// deadlines of threads that wait *for* the worker (``stop(timeout:)``, ``join(timeout:)``) are
/// real time, so a test clock never leaves a caller blocked.
package final class Worker: @unchecked Sendable {
    /// Why a sleep ended.
    package enum Wakeup: Hashable, Sendable {
        /// The clock reached the deadline.
        case deadline
        /// ``wake()`` was called.
        case woken
        /// The condition given to the sleep holds.
        case ready
        /// ``stop(timeout:)`` or ``requestStop()`` was called.
        case stopping
    }

    /// The thread's name; Linux keeps only its first 15 bytes.
    package let name: String
    /// The clock the thread sleeps through.
    package let clock: any AgentClock
    /// Guards the worker's state and the owner's state kept beside it; the thread sleeps on it.
    package let lock = ConditionLock()

    // Guarded by `lock`.
    private var started = false
    private var stopping = false
    private var exited = false
    private var wakePending = false
    private var thread: pthread_t?

    /// A worker named `name` whose thread sleeps through `clock`; nothing runs before ``start(_:)``.
    package init(name: String, clock: any AgentClock = SystemClock()) {
        self.name = name
        self.clock = clock
    }

    /// Runs `body` on a new thread; `false` (and nothing runs) when the worker was started or
    /// stopped before, or when the system cannot create a thread.
    @discardableResult
    package func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !started, !stopping else { return false }
        started = true
        let name = self.name
        let entry = Unmanaged.passRetained(
            ThreadEntry { [self] in
                Self.nameCurrentThread(name)
                body()
                lock.withLock {
                    exited = true
                    lock.broadcast()
                }
            })
        #if canImport(Darwin)
        var handle: pthread_t?
        let result = pthread_create(
            &handle, nil,
            { context in
                Unmanaged<ThreadEntry>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, entry.toOpaque())
        #else
        var handle = pthread_t()
        let result = pthread_create(
            &handle, nil,
            { context in
                Unmanaged<ThreadEntry>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, entry.toOpaque())
        #endif
        guard result == 0 else {
            // No thread (the process is out of threads or memory): the agent goes on without this
            // worker rather than stopping the application; a stop or join returns at once.
            entry.release()
            exited = true
            lock.broadcast()
            return false
        }
        thread = handle
        return true
    }

    /// Whether a stop was requested. Call with ``lock`` held.
    package var isStoppingLocked: Bool { stopping }

    /// Whether a stop was requested.
    package var isStopping: Bool { lock.withLock { stopping } }

    /// Ends the thread's current or next sleep with ``Wakeup/woken``. Never blocks for long.
    package func wake() {
        lock.withLock {
            wakePending = true
            lock.broadcast()
        }
    }

    /// Forgets ``wake()`` calls not yet seen by a sleep.
    package func clearWake() {
        lock.withLock { wakePending = false }
    }

    /// Sleeps until the stop, `ready()` holding (checked with ``lock`` held at every wake-up),
    /// a ``wake()`` (consumed), or ``clock`` reaching `deadline` (`nil`: no deadline), checked in
    /// that order; returns which. Call from the worker's thread, without ``lock`` held.
    package func sleep(until deadline: UInt64?, unless ready: () -> Bool = { false }) -> Wakeup {
        lock.withLock { sleepLocked(until: deadline, unless: ready) }
    }

    /// ``sleep(until:unless:)`` for `duration` from now.
    package func sleep(for duration: Duration, unless ready: () -> Bool = { false }) -> Wakeup {
        sleep(until: clock.deadline(after: duration), unless: ready)
    }

    /// ``sleep(until:unless:)`` with ``lock`` already held by the caller.
    package func sleepLocked(until deadline: UInt64?, unless ready: () -> Bool = { false }) -> Wakeup {
        while true {
            if stopping { return .stopping }
            if ready() { return .ready }
            if wakePending {
                wakePending = false
                return .woken
            }
            if let deadline {
                if !lock.wait(until: deadline, on: clock), clock.monotonicNanos >= deadline {
                    return stopping ? .stopping : ready() ? .ready : .deadline
                }
            } else {
                lock.wait()
            }
        }
    }

    /// Asks the thread to stop: every sleep returns ``Wakeup/stopping`` from now on. Does not wait.
    package func requestStop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    /// Asks the thread to stop and waits at most `timeout` (real time) until it has returned,
    /// then joins it; returns whether it finished in time (or never started).
    @discardableResult
    package func stop(timeout: Duration) -> Bool {
        requestStop()
        return join(timeout: timeout)
    }

    /// Waits at most `timeout` (real time) until the thread has returned and joins it; returns
    /// whether it finished in time (or never started). A thread still running is left to finish
    /// by itself.
    @discardableResult
    package func join(timeout: Duration) -> Bool {
        let system = SystemClock()
        let deadline = system.deadline(after: timeout)
        lock.lock()
        let finished = lock.wait(until: deadline, on: system) { !started || exited }
        let handle = finished ? thread : nil
        if finished { thread = nil }
        lock.unlock()
        if let handle { pthread_join(handle, nil) }
        return finished
    }

    /// Whether the thread was started and has returned.
    package var hasExited: Bool { lock.withLock { exited } }

    deinit {
        // A thread never joined (a stop that timed out) releases its resources when it ends.
        if let thread { pthread_detach(thread) }
    }

    /// Names the calling thread (Foundation reaches `pthread_setname_np`, which Glibc's module
    /// map leaves out).
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        Thread.current.name = String(name.utf8.prefix(15)) ?? name
        #else
        Thread.current.name = name
        #endif
    }
}

/// The body of a new thread, passed through `pthread_create`'s context pointer.
private final class ThreadEntry {
    let body: () -> Void

    init(_ body: @escaping () -> Void) {
        self.body = body
    }
}
