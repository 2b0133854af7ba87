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

/// What ``EventQueue/append(_:metadataID:now:)`` did.
package struct AppendResult: Sendable, Equatable {
    /// Rows inserted.
    package var appended: Int
    /// Rows evicted afterwards, by reason: "queue_max_bytes", "queue_max_age" (absent when 0).
    package var evicted: [String: Int]

    /// Creates a value (normally produced by the store).
    package init(appended: Int, evicted: [String: Int]) {
        self.appended = appended
        self.evicted = evicted
    }
}
