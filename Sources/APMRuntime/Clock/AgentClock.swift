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

/// The time source of the agent's threads: one monotonic reading for durations and deadlines, one
/// wall reading for timestamps.
///
/// ``SystemClock`` reads the operating system's clocks; ``ManualClock`` stands still until a test
/// advances it, and wakes every thread sleeping on it when it does. Each worker sleeps through the
/// clock it was given (see ``Worker``), so a test drives intervals, backoffs and polling by hand.
package protocol AgentClock: Sendable {
    /// Nanoseconds of a clock that never jumps (durations and deadlines).
    var monotonicNanos: UInt64 { get }

    /// Microseconds since the Unix epoch (intake and queue timestamps).
    var wallMicros: Int64 { get }

    /// Blocks on `condition`, which the caller holds, until it is signalled or this clock reaches
    /// `deadline` (a ``monotonicNanos`` reading); returns `false` once the deadline has passed.
    func wait(on condition: ConditionLock, until deadline: UInt64) -> Bool
}

extension AgentClock {
    /// The monotonic reading `duration` from now (a negative duration is now), saturating.
    package func deadline(after duration: Duration) -> UInt64 {
        let (sum, overflow) = monotonicNanos.addingReportingOverflow(UInt64(max(0, duration.inNanoseconds)))
        return overflow ? .max : sum
    }
}
