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

/// An event row with its lease state, as listed for inspection.
package struct EventInfo: Sendable, Equatable {
    /// The row (its `body` is empty when the listing skipped bodies).
    package var event: StoredEvent
    /// Current lease holder, if any.
    package var leaseOwner: String?
    /// When the current lease ends (µs), if any; may be in the past (expired, not yet reclaimed).
    package var leaseUntil: Int64?

    /// Creates a value (normally produced by the store).
    package init(event: StoredEvent, leaseOwner: String?, leaseUntil: Int64?) {
        self.event = event
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}
