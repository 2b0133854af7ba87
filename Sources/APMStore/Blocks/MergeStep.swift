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

/// What one bounded merge call did (``EventQueue/mergeWaitingBlocks(now:limit:)``).
package struct MergeStep: Sendable, Equatable {
    /// Blocks merged away (the parts folded into the first block of their group).
    package var removed: Int
    /// Whether this call looked at the newest blocks, so the next call starts over at the
    /// oldest: a pass over the whole queue ends with it.
    package var passEnded: Bool

    /// Creates a value (normally produced by the store).
    package init(removed: Int, passEnded: Bool) {
        self.removed = removed
        self.passEnded = passEnded
    }
}
