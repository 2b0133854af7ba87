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

/// What a flush achieved.
package struct FlushResult: Sendable, Equatable {
    /// How many of the rows queued when the flush began the server accepted during it.
    package var sent: Int
    /// How many of those rows are still queued (an estimate when other senders share the
    /// queue); 0 when ``completed``.
    package var remaining: Int
    /// Whether every row queued when the flush began was acknowledged, dead-lettered or
    /// skipped before the timeout.
    package var completed: Bool

    /// Creates a flush result.
    package init(sent: Int, remaining: Int, completed: Bool) {
        self.sent = sent
        self.remaining = remaining
        self.completed = completed
    }
}
