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

/// The agent-health counters the sender reports through
/// ``QueueReader/addCounters(_:)``, and a tally of deltas not yet reported.
package struct SenderCounters: Sendable, Equatable {
    /// Events the server accepted.
    package static let sent = "sent"
    /// Events moved to the dead letters after a terminal rejection.
    package static let deadLettered = "dead_lettered"
    /// Requests answered with 2xx.
    package static let requestsSuccess = "requests.success"
    /// Requests answered otherwise, or not answered.
    package static let requestsFailure = "requests.failure"
    /// Compressed body bytes of requests answered with 2xx.
    package static let bytesSuccess = "request_bytes.success"
    /// Compressed body bytes of requests answered otherwise, or not answered.
    package static let bytesFailure = "request_bytes.failure"
    /// Events released for a retry after a failed request.
    package static let retried = "retried"
    /// Requests or blocks split in two because they were too large (413).
    package static let split413 = "split_413"
    /// Unsampled transactions acknowledged without sending, for APM Server 8.0 and later.
    package static let skippedUnsampled = "skipped_unsampled"

    /// The deltas gathered since the last report.
    package private(set) var deltas: [String: Int64] = [:]

    /// Creates an empty tally.
    package init() {}

    /// Adds `amount` to the counter `name`; zero amounts are not recorded.
    package mutating func add(_ name: String, _ amount: Int) {
        guard amount != 0 else { return }
        deltas[name, default: 0] += Int64(amount)
    }

    /// Returns the gathered deltas and starts a new tally.
    package mutating func take() -> [String: Int64] {
        defer { deltas = [:] }
        return deltas
    }
}
