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

@Suite("Duration in nanoseconds, microseconds, milliseconds and seconds")
struct DurationUnitsTests {
    @Test("every whole nanosecond count round-trips; microseconds truncate toward zero like integer division")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let nanos = Int64.random(in: -(1 << 62)...(1 << 62), using: &generator)
            let duration = Duration.nanoseconds(nanos)
            #expect(duration.inNanoseconds == nanos)
            #expect(duration.inMicroseconds == nanos / 1_000)
            #expect(abs(duration.inSeconds - Double(nanos) / 1e9) <= abs(Double(nanos)) * 1e-15 + 1e-9)
            #expect(abs(duration.inMilliseconds - Double(nanos) / 1e6) <= abs(Double(nanos)) * 1e-12 + 1e-6)
        }
    }

    @Test("durations beyond Int64 nanoseconds or microseconds saturate")
    func saturation() {
        #expect(Duration.seconds(Int64.max).inNanoseconds == .max)
        #expect(Duration.seconds(Int64.min).inNanoseconds == .min)
        #expect(Duration.seconds(Int64.max).inMicroseconds == .max)
        #expect(Duration.seconds(Int64.min).inMicroseconds == .min)
        #expect(Duration.seconds(9_223_372_036).inNanoseconds == 9_223_372_036_000_000_000)
        #expect(Duration.seconds(72 * 3600).inMicroseconds == 259_200_000_000)
        #expect(Duration.milliseconds(1).inMicroseconds == 1_000)
    }

    @Test("a deadline after a duration: clamped below at now, Int64 nanoseconds at most")
    func deadlines() {
        let clock = ManualClock()
        let now = clock.monotonicNanos
        #expect(clock.deadline(after: .seconds(2)) == now + 2_000_000_000)
        #expect(clock.deadline(after: .seconds(-5)) == now)
        #expect(clock.deadline(after: .seconds(Int64.max)) == now + UInt64(Int64.max))
    }
}
