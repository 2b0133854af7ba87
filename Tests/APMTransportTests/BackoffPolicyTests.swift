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
@testable import APMTransport
import APMTestSupport
import Testing

@Suite("Backoff schedule")
struct BackoffPolicyTests {
    @Test("outage grace periods are min(n,6)^2 seconds")
    func outageSchedule() {
        let seconds = (1...9).map { BackoffPolicy.outageBase(failures: $0) }
        #expect(seconds == [0, 1, 4, 9, 16, 25, 36, 36, 36].map { Duration.seconds($0) })
    }

    @Test("jitter stays within ±10 % and scale applies")
    func jitterBounds() {
        var generator = SeededGenerator(seed: 42)
        let policy = BackoffPolicy()
        for failures in 1...8 {
            let base = BackoffPolicy.outageBase(failures: failures).inSeconds
            for _ in 0..<200 {
                let delay = policy.outageDelay(failures: failures, using: &generator).inSeconds
                #expect(delay >= base * 0.9 - 1e-9 && delay <= base * 1.1 + 1e-9)
            }
        }
        let scaled = BackoffPolicy(scale: 0.001, jitter: 0)
        #expect(scaled.outageDelay(failures: 7, using: &generator) == .milliseconds(36))
    }

    @Test("credential failures wait 60 s, doubling to 5 min")
    func authSchedule() {
        let policy = BackoffPolicy(jitter: 0)
        var generator = SeededGenerator(seed: 1)
        let delays = (1...6).map { policy.authDelay(failures: $0, using: &generator) }
        #expect(delays == [60, 120, 240, 300, 300, 300].map { Duration.seconds($0) })
    }

    @Test("a success resets the streak so the next failure retries at once")
    func resetOnSuccess() {
        let policy = BackoffPolicy(jitter: 0)
        var generator = SeededGenerator(seed: 7)
        var streak = FailureStreak()
        var delays: [Duration] = []
        for _ in 0..<4 {
            _ = streak.recordFailure(.outage, at: 1)
            delays.append(streak.delay(under: policy, using: &generator))
        }
        #expect(delays == [0, 1, 4, 9].map { Duration.seconds($0) })
        let ended = streak.recordSuccess(at: 2_000_000_001)
        #expect(ended?.kind == .outage)
        #expect(ended?.duration == .seconds(2))
        let endedAgain = streak.recordSuccess(at: 1)
        #expect(endedAgain == nil)
        let changed = streak.recordFailure(.outage, at: 1)
        #expect(changed)
        #expect(streak.delay(under: policy, using: &generator) == .zero)
    }

    @Test("switching from outage to credential failure is a state change with its own count")
    func kindChange() {
        var streak = FailureStreak()
        let changes = [
            streak.recordFailure(.outage, at: 1), streak.recordFailure(.outage, at: 1),
            streak.recordFailure(.auth, at: 1),
        ]
        #expect(changes == [true, false, true])
        #expect(streak.failures == 1)
    }
}
