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
import NIOCore

/// The state the sender thread shares with the threads that call ``IntakeSender``: stop,
/// wake and flush requests, the answer of the request in flight, and the gate that keeps the
/// queue untouched once a stop has given up waiting.
final class SenderControl: @unchecked Sendable {
    /// Why a sleep of the sender ended early.
    enum Interruption: Hashable {
        /// ``IntakeSender/stop(timeout:)`` was called.
        case stop
        /// Committed events filled a request, or the limits changed.
        case wake
        /// A flush was registered.
        case flush
    }

    /// The life of the sender thread.
    enum Phase {
        /// Created, thread not started.
        case idle
        /// The thread runs.
        case running
        /// Stop was called; the thread may still be finishing.
        case stopping
        /// The thread has finished, or never ran and never will.
        case exited
    }

    /// `api_request_size` and `api_request_time` changed while the sender runs.
    struct Limits: Equatable {
        /// The compressed body budget of one request, in bytes.
        var apiRequestSize: Int
        /// The time between requests at steady load.
        var apiRequestTime: Duration
    }

    /// A single answer slot for one future.
    private final class Slot<Value: Sendable>: @unchecked Sendable {
        var result: Result<Value, any Error>?
    }

    // Every property below is guarded by `condition`.
    private let condition = ConditionLock()
    private var phase = Phase.idle
    private var abandoned = false
    private var wakePending = false
    private var newFlushes: [FlushWaiter] = []
    private var flushesClosed = false
    private var lastKnownPending = 0
    private var newLimits: Limits?
    private var pacing: RequestPacing
    /// The sender's clock: its pacing, backoff and poll sleeps run on it.
    let clock: any AgentClock

    // Held while the sender touches the queue; `sourceClosed` is guarded by it.
    private let sourceGate = ConditionLock()
    private var sourceClosed = false

    /// Creates the shared state; `pacing` decides when the sender claims, and the sender's
    /// sleeps end by `clock`.
    init(pacing: RequestPacing, clock: any AgentClock) {
        self.pacing = pacing
        self.clock = clock
    }

    /// Moves from idle to running; `false` when the sender was started or stopped before.
    func beginRunning() -> Bool {
        locked {
            guard phase == .idle else { return false }
            phase = .running
            return true
        }
    }

    /// Moves to stopping; returns the phase before, or `nil` when stop was already called.
    func beginStopping() -> Phase? {
        locked {
            guard phase == .idle || phase == .running else { return nil }
            let before = phase
            phase = .stopping
            condition.broadcast()
            return before
        }
    }

    /// Whether stop was called.
    var isStopping: Bool {
        locked { phase == .stopping || phase == .exited }
    }

    /// Marks the thread finished and wakes whoever waits for that.
    func markExited() {
        locked {
            phase = .exited
            condition.broadcast()
        }
    }

    /// Waits until the thread has finished or `timeout` passes (real time: it bounds the
    /// caller's wait, whatever clock the sender runs on); returns whether it finished.
    func waitForExit(timeout: Duration) -> Bool {
        let system = SystemClock()
        let deadline = system.deadline(after: timeout)
        return locked {
            while phase != .exited {
                guard system.wait(on: condition, until: deadline) else { return phase == .exited }
            }
            return true
        }
    }

    /// Records `events` committed events of `bytes` ND-JSON bytes; wakes the sender when they
    /// make a claim due.
    func committed(bytes: Int, events: Int) {
        locked {
            if pacing.committed(bytes: bytes, events: events) {
                wakePending = true
                condition.broadcast()
            }
        }
    }

    /// Reads or changes the pacing (only the sender thread changes more than commits).
    func withPacing<T>(_ body: (inout RequestPacing) -> T) -> T {
        locked { body(&pacing) }
    }

    /// Forgets earlier wakes; the sender calls this before it decides whether to claim or wait.
    func clearWake() {
        locked { wakePending = false }
    }

    /// Hands new request limits to the sender and wakes it, so a shorter idle sleep takes
    /// effect now; the last limits set win.
    func setLimits(_ limits: Limits) {
        locked {
            newLimits = limits
            wakePending = true
            condition.broadcast()
        }
    }

    /// Takes the limits set since the last call, if any.
    func takeLimits() -> Limits? {
        locked {
            defer { newLimits = nil }
            return newLimits
        }
    }

    /// Hands a flush to the sender; `false` when the sender no longer takes flushes.
    func register(_ waiter: FlushWaiter) -> Bool {
        locked {
            guard !flushesClosed else { return false }
            newFlushes.append(waiter)
            condition.broadcast()
            return true
        }
    }

    /// Takes the flushes registered since the last call.
    func takeNewFlushes() -> [FlushWaiter] {
        locked {
            defer { newFlushes = [] }
            return newFlushes
        }
    }

    /// Stops taking flushes and returns those not yet taken.
    func closeFlushes() -> [FlushWaiter] {
        locked {
            flushesClosed = true
            defer { newFlushes = [] }
            return newFlushes
        }
    }

    /// The queue size the sender saw last, the starting estimate of a new flush.
    var pendingEstimate: Int {
        get { locked { lastKnownPending } }
        set { locked { lastKnownPending = newValue } }
    }

    /// Sleeps until ``clock`` reaches `deadline` (a monotonic reading), stop (always), or one of
    /// `interruptions`; returns what ended the sleep, or `nil` at the deadline.
    func sleep(until deadline: UInt64, interruptedBy interruptions: Set<Interruption>) -> Interruption? {
        var reason: Interruption?
        _ = sleepLocked(until: deadline) {
            if phase != .running || abandoned {
                reason = .stop
            } else if interruptions.contains(.wake), wakePending {
                reason = .wake
            } else if interruptions.contains(.flush), !newFlushes.isEmpty {
                reason = .flush
            }
            return reason != nil
        }
        return reason
    }

    /// Blocks until `future` completes; `nil` when a stop abandoned the wait first.
    func wait<Value: Sendable>(for future: EventLoopFuture<Value>) -> Result<Value, any Error>? {
        let slot = Slot<Value>()
        future.whenComplete { result in
            self.locked {
                slot.result = result
                self.condition.broadcast()
            }
        }
        return locked {
            while slot.result == nil, !abandoned {
                condition.wait()
            }
            return slot.result
        }
    }

    /// Runs `body` with the queue unless a stop has given up on the sender; throws
    /// ``SenderExit`` then.
    func withSource<T>(_ body: () throws -> T) throws -> T {
        sourceGate.lock()
        defer { sourceGate.unlock() }
        guard !sourceClosed else { throw SenderExit() }
        return try body()
    }

    /// Called by a stop whose timeout passed: waits for a queue call in progress, then keeps
    /// the sender away from the queue for good and ends its wait for the request in flight.
    func abandon() {
        sourceGate.lock()
        sourceClosed = true
        sourceGate.unlock()
        locked {
            abandoned = true
            condition.broadcast()
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    /// Waits on the condition until `done()` holds or ``clock`` reaches `deadline`; returns
    /// `done()`.
    private func sleepLocked(until deadline: UInt64, _ done: () -> Bool) -> Bool {
        locked {
            while !done() {
                guard clock.wait(on: condition, until: deadline) else { return done() }
            }
            return true
        }
    }
}
