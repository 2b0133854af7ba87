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

/// One queued event row as the sender sees it.
package struct IntakeBatchEvent: Sendable, Equatable {
    /// The row id in the queue; ids grow with insertion order.
    package var id: Int64
    /// The event type stored with the row (`transaction`, `span`, `error`, `metricset`, `log`).
    package var kind: String
    /// The ND-JSON line of the event, without a trailing newline.
    package var line: [UInt8]

    /// Creates an event row.
    package init(id: Int64, kind: String, line: [UInt8]) {
        self.id = id
        self.kind = kind
        self.line = line
    }
}
