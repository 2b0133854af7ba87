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
import Testing

@Suite("ManualClock")
struct ManualClockTests {
    @Test("both readings stand still until advanced, then move together")
    func readings() {
        let clock = ManualClock(wallMicros: 1_000_000)
        let monotonic = clock.monotonicNanos
        #expect(clock.monotonicNanos == monotonic)
        clock.advance(by: .milliseconds(1500))
        #expect(clock.monotonicNanos == monotonic + 1_500_000_000)
        #expect(clock.wallMicros == 2_500_000)
        clock.advance(by: .seconds(-3))
        #expect(clock.monotonicNanos == monotonic + 1_500_000_000)
    }

    @Test("a wait through the manual clock ends when an advance passes its deadline, not before")
    func timedWait() async {
        let clock = ManualClock()
        let condition = ConditionLock()
        let deadline = clock.deadline(after: .seconds(10))
        let worker = Worker(name: "wait-test")
        let outcome = Outcome()
        worker.start {
            let passed = condition.withLock { condition.wait(until: deadline, on: clock) { false } }
            outcome.set(passed ? "signalled" : "timed out at \(clock.monotonicNanos - deadline)")
        }
        #expect(await clock.waitForSleeper(after: .seconds(5)))
        clock.advance(by: .seconds(9))
        #expect(await clock.waitForSleeper(after: .milliseconds(500)))
        clock.advance(by: .seconds(1))
        #expect(worker.join(timeout: .seconds(30)))
        #expect(outcome.value == "timed out at 0")
        #expect(clock.sleepers(after: nil) == 0)
    }

    @Test("a wait whose deadline has passed returns at once")
    func pastDeadline() {
        let clock = ManualClock()
        let condition = ConditionLock()
        let passed = condition.withLock { condition.wait(until: clock.monotonicNanos, on: clock) }
        #expect(!passed)
    }
}
