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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two clocks the agent reads: wall time for timestamps, a monotonic clock for durations.
enum Clock {
    /// Microseconds since the Unix epoch (intake `timestamp`).
    static func wallMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
    }

    /// Nanoseconds of a clock that never jumps (durations).
    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// A duration in milliseconds (intake `duration`) between two monotonic readings.
    static func milliseconds(from start: UInt64, to end: UInt64) -> Double {
        end >= start ? Double(end - start) / 1_000_000 : 0
    }
}

/// A point in time as both clocks saw it, so later readings can be placed on the wall clock.
struct Timestamp: Sendable, Hashable {
    /// Microseconds since the Unix epoch.
    var wallMicros: Int64
    /// The monotonic clock at the same moment.
    var monotonicNanos: UInt64

    /// Now.
    static func now() -> Timestamp {
        Timestamp(wallMicros: Clock.wallMicros(), monotonicNanos: Clock.monotonicNanos())
    }

    /// A timestamp given by the user (e.g. an error's occurrence time), placed on the monotonic clock.
    static func wall(micros: Int64) -> Timestamp {
        let now = Timestamp.now()
        let deltaNanos = (now.wallMicros - micros) * 1_000
        let monotonic =
            deltaNanos > 0
            ? now.monotonicNanos &- UInt64(min(deltaNanos, Int64(now.monotonicNanos)))
            : now.monotonicNanos &+ UInt64(-deltaNanos)
        return Timestamp(wallMicros: micros, monotonicNanos: monotonic)
    }

    /// A later moment given by its monotonic reading, placed on the wall clock by this timestamp
    /// (one clock read instead of two, and no jump when the wall clock is adjusted meanwhile).
    func advanced(toMonotonic nanos: UInt64) -> Timestamp {
        let deltaMicros =
            nanos >= monotonicNanos
            ? Int64((nanos - monotonicNanos) / 1_000)
            : -Int64((monotonicNanos - nanos) / 1_000)
        return Timestamp(wallMicros: wallMicros + deltaMicros, monotonicNanos: nanos)
    }

    /// Milliseconds from this timestamp to a later monotonic reading.
    func milliseconds(until endNanos: UInt64) -> Double {
        Clock.milliseconds(from: monotonicNanos, to: endNanos)
    }
}
