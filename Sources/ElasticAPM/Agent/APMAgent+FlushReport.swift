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
    /// What ``APMAgent/flush(timeout:)`` and `APMAgent.close(timeout:)` achieved.
    public struct FlushReport: Sendable, Equatable {
        /// Events the server accepted during the flush.
        public var sent: Int
        /// Events captured before the call that are still queued (they will be sent later).
        public var remaining: Int
        /// `true` when everything captured before the call was sent (or rejected for good) in time.
        public var completed: Bool

        /// Creates a report.
        init(sent: Int, remaining: Int, completed: Bool) {
            self.sent = sent
            self.remaining = remaining
            self.completed = completed
        }
    }
}
