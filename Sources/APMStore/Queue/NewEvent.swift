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

/// An event to append: one ndjson line, opaque to the store.
package struct NewEvent: Sendable, Equatable {
    /// "transaction", "span", "error", "metricset" or "log" (not checked by the store; it
    /// decides the eviction class: errors are kept longest, then transactions).
    package var kind: String
    /// When the event was captured, µs since the Unix epoch; drives `queue_max_age`.
    package var createdAt: Int64
    /// The ndjson line without its trailing newline.
    package var body: [UInt8]
    /// The line is a transaction that was not sampled (stored in blocks of their own, so that a
    /// sender can leave them out for servers that do not want them).
    package var isUnsampledTransaction: Bool

    /// Creates an event to append.
    package init(kind: String, createdAt: Int64, body: [UInt8], isUnsampledTransaction: Bool = false) {
        self.kind = kind
        self.createdAt = createdAt
        self.body = body
        self.isUnsampledTransaction = isUnsampledTransaction
    }
}
