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

/// When the sender claims its next request: at most once per `api_request_time` at steady
/// load, at once while a backlog drains or when the events committed since the last claim fill
/// about one request (`api_request_size`, or the most events one request holds).
///
/// A pure decision type: the sender tells it what happened (commits, claims, failures) and asks
/// when to claim next. Instants are readings of the sender's monotonic clock
/// (``AgentClock/monotonicNanos``). Flushes bypass it (the sender claims at once while one
/// waits).
package struct RequestPacing: Sendable, Equatable {
    /// The time between claims at steady load (`api_request_time`).
    package var interval: Duration
    /// The committed ND-JSON bytes that make a claim due at once: `api_request_size` turned
    /// into uncompressed bytes by the observed compression ratio.
    package var sizeTrigger: Int
    /// The committed events that make a claim due at once: the most one request holds.
    package var eventTrigger: Int
    /// When the last claim was made; `nil` before the first.
    package private(set) var lastClaim: UInt64?
    /// ND-JSON bytes committed since the last claim.
    package private(set) var committedBytes = 0
    /// Events committed since the last claim.
    package private(set) var committedEvents = 0
    /// Whether the queue holds more than the last claim took (or may: at start, after a
    /// failure), so the next claim is due at once.
    package private(set) var backlog = true

    /// Creates a pacing whose first claim is due at once.
    package init(interval: Duration, sizeTrigger: Int, eventTrigger: Int = .max) {
        self.interval = interval
        self.sizeTrigger = sizeTrigger
        self.eventTrigger = eventTrigger
    }

    /// Whether the commits since the last claim fill a request.
    private var filled: Bool {
        committedBytes >= sizeTrigger || committedEvents >= eventTrigger
    }

    /// When the next claim is due; at or before `now` means at once.
    package func nextClaim(now: UInt64) -> UInt64 {
        guard let lastClaim, !backlog, !filled else { return now }
        let (due, overflow) = lastClaim.addingReportingOverflow(UInt64(max(0, interval.inNanoseconds)))
        return overflow ? .max : due
    }

    /// Records a commit of `events` events in `bytes` ND-JSON bytes; returns `true` when it
    /// makes the next claim due at once (it filled a request).
    package mutating func committed(bytes: Int, events: Int) -> Bool {
        let before = filled
        committedBytes += bytes
        committedEvents += events
        return !before && filled
    }

    /// The commits counted so far: read it before a claim and pass it to
    /// ``claimed(at:moreWaiting:counted:)``.
    package var counted: Counted { Counted(bytes: committedBytes, events: committedEvents) }

    /// Commits counted at one instant (see ``counted``).
    package struct Counted: Sendable, Equatable {
        package var bytes: Int
        package var events: Int
    }

    /// Records a claim made at `now`; `moreWaiting` says whether the queue still held
    /// claimable events after it (the claim took a full request, or another run waits).
    /// `counted` is ``counted`` read before the claim: commits recorded while the claim ran
    /// may not be in it, so they stay counted toward the next one.
    package mutating func claimed(at now: UInt64, moreWaiting: Bool, counted: Counted) {
        lastClaim = now
        committedBytes = max(0, committedBytes - counted.bytes)
        committedEvents = max(0, committedEvents - counted.events)
        backlog = moreWaiting
    }

    /// Makes the next claim due at once (after a failure, whose events went back to the queue).
    package mutating func resume() {
        backlog = true
    }
}
