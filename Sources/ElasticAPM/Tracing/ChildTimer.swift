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

/// How long at least one direct child of a span or transaction was running: the union of the
/// children's intervals, so overlapping (asynchronous) children are not subtracted twice from the
/// parent's self time. Kept in the parent's state, under the parent's lock.
struct ChildTimer: Sendable {
    /// Children started and not yet ended.
    private var active = 0
    /// When `active` last went from 0 to 1 (monotonic nanoseconds).
    private var busySince: UInt64 = 0
    /// Completed busy time, in nanoseconds.
    private var busyNanos: UInt64 = 0

    /// A direct child started at `nanos`.
    mutating func childStarted(at nanos: UInt64) {
        if active == 0 { busySince = nanos }
        active += 1
    }

    /// A direct child ended at `nanos`.
    mutating func childEnded(at nanos: UInt64) {
        guard active > 0 else { return }
        active -= 1
        if active == 0 { busyNanos += nanos > busySince ? nanos - busySince : 0 }
    }

    /// The parent ended at `nanos`: children still running count until then. Returns the busy time.
    mutating func finish(at nanos: UInt64) -> UInt64 {
        if active > 0 {
            busyNanos += nanos > busySince ? nanos - busySince : 0
            active = 0
        }
        return busyNanos
    }
}
