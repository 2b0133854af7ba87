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

/// A row of `dead_letters`: an event the server rejected for good.
package struct DeadLetter: Sendable, Equatable {
    /// Row id in `dead_letters`.
    package var id: Int64
    /// The event's former id in `events`.
    package var eventID: Int64?
    /// The run the event belonged to.
    package var metadataID: Int64?
    /// Event kind.
    package var kind: String?
    /// Capture time (µs).
    package var createdAt: Int64?
    /// When it was rejected (µs).
    package var rejectedAt: Int64?
    /// The HTTP status of the rejection.
    package var status: Int?
    /// The server's reason for this event, if it gave one.
    package var reason: String?
    /// The ndjson line.
    package var body: [UInt8]?

    /// Creates a value (normally produced by the store).
    package init(
        id: Int64, eventID: Int64?, metadataID: Int64?, kind: String?, createdAt: Int64?, rejectedAt: Int64?, status: Int?,
        reason: String?, body: [UInt8]?
    ) {
        self.id = id
        self.eventID = eventID
        self.metadataID = metadataID
        self.kind = kind
        self.createdAt = createdAt
        self.rejectedAt = rejectedAt
        self.status = status
        self.reason = reason
        self.body = body
    }
}
