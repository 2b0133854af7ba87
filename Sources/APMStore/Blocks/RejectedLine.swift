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

/// One line the server rejected for good, for ``EventQueue/settleRejected(blocks:rejected:status:owner:now:)``.
package struct RejectedLine: Sendable, Hashable {
    /// The block holding the line.
    package var blockID: Int64
    /// The line's index in that block (0-based).
    package var line: Int
    /// The server's message for it, if any.
    package var reason: String?

    /// Creates a rejected line.
    package init(blockID: Int64, line: Int, reason: String?) {
        self.blockID = blockID
        self.line = line
        self.reason = reason
    }
}
