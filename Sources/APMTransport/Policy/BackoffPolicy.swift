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

/// How long the sender waits before retrying after failed requests.
///
/// Outages (network errors, timeouts, 429, 5xx) follow the agent spec's grace period,
/// `min(n, 6)² s ± 10 %` where `n` counts the failures before this one: 0, 1, 4, 9, 16, 25 and
/// then 36 s for good. Credential failures (401, 403) wait longer, because a retry only helps
/// once someone fixes the configuration: `authBase` doubling per failure up to `authMax`.
/// Every delay is multiplied by `scale`, which lets tests run the schedule in milliseconds.
package struct BackoffPolicy: Sendable, Equatable {
    /// The multiplier applied to every delay; 1 in production.
    package var scale: Double
    /// The relative jitter applied to every delay, 0.1 for ± 10 %.
    package var jitter: Double
    /// The first delay after a credential failure, before `scale`.
    package var authBase: Duration
    /// The longest delay after repeated credential failures, before `scale`.
    package var authMax: Duration

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - scale: The multiplier applied to every delay.
    ///   - jitter: The relative jitter, 0.1 for ± 10 %.
    ///   - authBase: The first delay after a credential failure.
    ///   - authMax: The cap for delays after credential failures.
    package init(
        scale: Double = 1,
        jitter: Double = 0.1,
        authBase: Duration = .seconds(60),
        authMax: Duration = .seconds(300)
    ) {
        self.scale = scale
        self.jitter = jitter
        self.authBase = authBase
        self.authMax = authMax
    }

    /// The grace period after the `failures`-th consecutive outage failure (1-based), before
    /// jitter and `scale`: 0, 1, 4, 9, 16, 25, 36, 36, … seconds.
    package static func outageBase(failures: Int) -> Duration {
        let step = min(max(failures - 1, 0), 6)
        return .seconds(step * step)
    }

    /// The delay after the `failures`-th consecutive credential failure (1-based), before
    /// jitter and `scale`: `authBase`, doubling, capped at `authMax`.
    package func authBaseDelay(failures: Int) -> Duration {
        let doublings = min(max(failures - 1, 0), 16)
        return min(authBase * (1 << doublings), authMax)
    }

    /// The jittered, scaled delay after the `failures`-th consecutive outage failure.
    package func outageDelay(failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        apply(to: Self.outageBase(failures: failures), using: &generator)
    }

    /// The jittered, scaled delay after the `failures`-th consecutive credential failure.
    package func authDelay(failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        apply(to: authBaseDelay(failures: failures), using: &generator)
    }

    /// Scales `base` and moves it by a random amount within ± `jitter`.
    package func apply(to base: Duration, using generator: inout some RandomNumberGenerator) -> Duration {
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter), using: &generator) : 1
        return base * (scale * factor)
    }
}
