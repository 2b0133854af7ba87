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

/// One caller waiting for a flush: resolved once, by the sender when the flush completes or
/// stops, or by the caller's own deadline, whichever comes first.
final class FlushWaiter: @unchecked Sendable {
    // Every stored property is guarded by `condition`.
    private let condition = ConditionLock()
    private var result: FlushResult?
    private var continuation: CheckedContinuation<FlushResult, Never>?
    private var sent = 0
    private var remaining: Int

    /// Creates a waiter whose remaining count starts at the last known queue size.
    init(remaining: Int) {
        self.remaining = remaining
    }

    /// Whether the waiter already has its result.
    var isResolved: Bool {
        condition.lock()
        defer { condition.unlock() }
        return result != nil
    }

    /// Records progress, reported if the deadline passes before completion.
    func update(sent: Int, remaining: Int) {
        condition.lock()
        defer { condition.unlock() }
        self.sent = sent
        self.remaining = remaining
    }

    /// Completes the flush: every targeted row is gone from the queue.
    func complete(sent: Int) {
        resolve(FlushResult(sent: sent, remaining: 0, completed: true))
    }

    /// Gives up with the progress recorded so far (deadline, cancellation or stop).
    func giveUp() {
        condition.lock()
        let progress = FlushResult(sent: sent, remaining: remaining, completed: false)
        condition.unlock()
        resolve(progress)
    }

    /// Blocks the calling thread until the result or `deadline`.
    func waitBlocking(until deadline: ContinuousClock.Instant) -> FlushResult {
        condition.lock()
        while result == nil {
            let now = ContinuousClock.now
            guard now < deadline else { break }
            _ = condition.wait(until: SystemClock().deadline(after: now.duration(to: deadline)))
        }
        condition.unlock()
        giveUp()
        return currentResult()
    }

    /// Suspends until the result, `timeout` or cancellation of the calling task.
    func wait(timeout: Duration) async -> FlushResult {
        let timer = Task { [self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            giveUp()
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                condition.lock()
                if let result {
                    condition.unlock()
                    continuation.resume(returning: result)
                } else {
                    self.continuation = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            giveUp()
        }
    }

    private func resolve(_ outcome: FlushResult) {
        condition.lock()
        guard result == nil else {
            condition.unlock()
            return
        }
        result = outcome
        let waiting = continuation
        continuation = nil
        condition.broadcast()
        condition.unlock()
        waiting?.resume(returning: outcome)
    }

    private func currentResult() -> FlushResult {
        condition.lock()
        defer { condition.unlock() }
        return result ?? FlushResult(sent: sent, remaining: remaining, completed: false)
    }
}
