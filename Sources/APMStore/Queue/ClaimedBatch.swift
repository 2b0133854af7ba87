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

/// Rows leased to one sender by ``EventQueue/claim(owner:maxEvents:maxBytes:lease:now:)``:
/// all of one process run, in FIFO order, with that run's metadata line.
package struct ClaimedBatch: Sendable, Equatable {
    /// The metadata row shared by every event of the batch.
    package var metadataID: Int64
    /// The metadata ndjson line to send first.
    package var metadata: [UInt8]
    /// The events, oldest first.
    package var events: [StoredEvent]
    /// The lease owner given to `claim`.
    package var leaseOwner: String
    /// When the lease ends (µs); after that another claim may take the rows again.
    package var leaseUntil: Int64

    /// Ids of the events, in order (for `acknowledge`, `release`, `deadLetter`).
    package var ids: [Int64] { events.map(\.id) }
    /// Summed body sizes of the events.
    package var bytes: Int { events.reduce(0) { $0 + $1.size } }

    /// Creates a value (normally produced by the store).
    package init(metadataID: Int64, metadata: [UInt8], events: [StoredEvent], leaseOwner: String, leaseUntil: Int64) {
        self.metadataID = metadataID
        self.metadata = metadata
        self.events = events
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}
