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

extension APMAgent {
    /// Counts of what the agent captured, stored and dropped since it started.
    public struct Statistics: Sendable, Equatable {
        /// Events handed over by the application (transactions, spans, errors) and the metrics thread
        /// (metricsets), by intake type.
        public var captured: [String: Int]
        /// Events written to the queue.
        public var stored: Int
        /// Events dropped, by reason: `queue` (in-memory hand-off full), `disk_full`, `read_only`, `store`.
        public var dropped: [String: Int]
        /// Events re-encoded without optional parts because they exceeded the 300 KiB line limit.
        public var truncated: Int

        /// Total events captured.
        public var capturedTotal: Int { captured.values.reduce(0, +) }
        /// Total events dropped.
        public var droppedTotal: Int { dropped.values.reduce(0, +) }
    }
}
