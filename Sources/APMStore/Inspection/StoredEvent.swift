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

/// One event (a line of a block) as inspection and export return it; its id is an ``EventID``.
package struct StoredEvent: Sendable, Equatable {
    /// The event's ``EventID`` (its block and line); ids grow with claim order.
    package var id: Int64
    /// The `metadata` row (process run) the event belongs to.
    package var metadataID: Int64
    /// Event kind ("span", "transaction", ...).
    package var kind: String
    /// Capture time, µs since the Unix epoch.
    package var createdAt: Int64
    /// Body size in bytes.
    package var size: Int
    /// Failed delivery attempts so far (released or lease expired).
    package var attempts: Int
    /// The ndjson line without its trailing newline (empty when a listing skipped bodies).
    package var body: [UInt8]

    /// Creates a value (normally produced by the store).
    package init(id: Int64, metadataID: Int64, kind: String, createdAt: Int64, size: Int, attempts: Int, body: [UInt8]) {
        self.id = id
        self.metadataID = metadataID
        self.kind = kind
        self.createdAt = createdAt
        self.size = size
        self.attempts = attempts
        self.body = body
    }
}
