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

/// The run of consecutive failed attempts the sender is in, if any: what kind it is, how many
/// failures it counts (which picks the backoff delay) and when it began (for the log line
/// that ends it).
struct FailureStreak {
    /// What is failing.
    enum Kind: Equatable {
        /// The server cannot be reached or answers 429/5xx: the spec's grace periods apply.
        case outage
        /// The server refuses the credentials (401/403): long waits apply.
        case auth
    }

    /// The kind of the current streak, `nil` when the last attempt succeeded.
    private(set) var kind: Kind?
    /// The failures in the current streak of the current kind.
    private(set) var failures = 0
    /// When the current streak began (a reading of the sender's monotonic clock).
    private(set) var startedAt: UInt64?

    /// Counts a failure of `kind`; returns whether the state changed (a new streak, or a
    /// different kind of failure), which is when the sender logs.
    mutating func recordFailure(_ kind: Kind, at now: UInt64) -> Bool {
        let changed = self.kind != kind
        if changed {
            self.kind = kind
            failures = 0
        }
        if startedAt == nil {
            startedAt = now
        }
        failures += 1
        return changed
    }

    /// Ends the streak; returns its kind and length, or `nil` when there was none.
    mutating func recordSuccess(at now: UInt64) -> (kind: Kind, duration: Duration)? {
        defer {
            kind = nil
            failures = 0
            startedAt = nil
        }
        guard let kind, let startedAt else { return nil }
        return (kind, .nanoseconds(Int64(clamping: now &- min(now, startedAt))))
    }

    /// The jittered, scaled wait before the next attempt under `policy`.
    func delay(under policy: BackoffPolicy, using generator: inout some RandomNumberGenerator) -> Duration {
        switch kind {
        case .auth:
            policy.authDelay(failures: failures, using: &generator)
        case .outage:
            policy.outageDelay(failures: failures, using: &generator)
        case nil:
            .zero
        }
    }
}
