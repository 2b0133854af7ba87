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

/// A point in time as both clocks saw it, so later readings can be placed on the wall clock.
struct Timestamp: Sendable, Hashable {
    /// Microseconds since the Unix epoch.
    var wallMicros: Int64
    /// The monotonic clock at the same moment.
    var monotonicNanos: UInt64

    /// Now, on the system clock.
    static func now() -> Timestamp {
        now(on: SystemClock())
    }

    /// Now, on `clock`.
    static func now(on clock: some AgentClock) -> Timestamp {
        Timestamp(wallMicros: clock.wallMicros, monotonicNanos: clock.monotonicNanos)
    }

    /// A duration in milliseconds (intake `duration`) between two monotonic readings.
    static func milliseconds(from start: UInt64, to end: UInt64) -> Double {
        end >= start ? Double(end - start) / 1_000_000 : 0
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

    /// The monotonic reading `duration` after this timestamp (an explicit duration; negative counts as zero).
    func monotonicNanos(after duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return monotonicNanos }
        let nanos = UInt64(seconds) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
        return monotonicNanos &+ nanos
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
        Timestamp.milliseconds(from: monotonicNanos, to: endNanos)
    }
}

extension Timestamp {
    /// A moment given by the user as a `Date` (an explicit start), placed on the monotonic clock.
    init(date: Date) {
        self = Timestamp.wall(micros: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
