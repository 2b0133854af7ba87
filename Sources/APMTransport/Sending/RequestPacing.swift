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

/// When the sender claims its next request: at most once per `api_request_time` at steady
/// load, at once while a backlog drains or when the events committed since the last claim fill
/// about one `api_request_size`.
///
/// A pure decision type: the sender tells it what happened (commits, claims, failures) and asks
/// when to claim next. Flushes bypass it (the sender claims at once while one waits).
package struct RequestPacing: Sendable, Equatable {
    /// The time between claims at steady load (`api_request_time`).
    package var interval: Duration
    /// The committed ND-JSON bytes that make a claim due at once: `api_request_size` turned
    /// into uncompressed bytes by the observed compression ratio.
    package var sizeTrigger: Int
    /// When the last claim was made; `nil` before the first.
    package private(set) var lastClaim: ContinuousClock.Instant?
    /// ND-JSON bytes committed since the last claim.
    package private(set) var committedBytes = 0
    /// Whether the queue holds more than the last claim took (or may: at start, after a
    /// failure), so the next claim is due at once.
    package private(set) var backlog = true

    /// Creates a pacing whose first claim is due at once.
    package init(interval: Duration, sizeTrigger: Int) {
        self.interval = interval
        self.sizeTrigger = sizeTrigger
    }

    /// When the next claim is due; at or before `now` means at once.
    package func nextClaim(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        guard let lastClaim, !backlog, committedBytes < sizeTrigger else { return now }
        return lastClaim + interval
    }

    /// Records a commit of `bytes` ND-JSON bytes; returns `true` when it makes the next claim
    /// due at once (it filled the size trigger).
    package mutating func committed(bytes: Int) -> Bool {
        let before = committedBytes
        committedBytes += bytes
        return before < sizeTrigger && committedBytes >= sizeTrigger
    }

    /// Records a claim made at `now`; `filledBudget` says whether it took a full request's
    /// worth, which means more may be waiting.
    package mutating func claimed(at now: ContinuousClock.Instant, filledBudget: Bool) {
        lastClaim = now
        committedBytes = 0
        backlog = filledBudget
    }

    /// Makes the next claim due at once (after a failure, whose events went back to the queue).
    package mutating func resume() {
        backlog = true
    }
}
