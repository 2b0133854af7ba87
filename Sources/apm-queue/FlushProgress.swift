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

import APMTransport
import Synchronization

/// What this process's sender has done so far, from the counter deltas it reports to the queue:
/// shared between the sender thread, which adds, and the main thread, which draws progress.
final class FlushProgress: Sendable {
    /// The tally at one moment.
    struct Snapshot: Equatable {
        /// Events APM Server accepted.
        var sent = 0
        /// Events APM Server rejected for good, now dead letters.
        var deadLettered = 0
        /// Unsampled transactions removed without sending (APM Server 8.0 and later does not
        /// want them).
        var skipped = 0
        /// Intake requests answered, or not, by APM Server.
        var requests = 0
        /// Those of ``requests`` not answered with 2xx.
        var failedRequests = 0

        /// Events that left the queue through this process.
        var flushed: Int { sent + deadLettered + skipped }
    }

    private let state = Mutex(Snapshot())

    /// The tally now.
    var snapshot: Snapshot { state.withLock { $0 } }

    /// Adds one report of the sender's counter deltas (``SenderCounters``).
    func add(_ deltas: [String: Int64]) {
        func delta(_ name: String) -> Int { Int(deltas[name] ?? 0) }
        state.withLock { tally in
            tally.sent += delta(SenderCounters.sent)
            tally.deadLettered += delta(SenderCounters.deadLettered)
            tally.skipped += delta(SenderCounters.skippedUnsampled)
            tally.requests += delta(SenderCounters.requestsSuccess) + delta(SenderCounters.requestsFailure)
            tally.failedRequests += delta(SenderCounters.requestsFailure)
        }
    }
}
