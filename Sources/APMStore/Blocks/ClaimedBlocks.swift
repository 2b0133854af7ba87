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

/// Blocks leased to one sender by ``EventQueue/claimBlocks(owner:maxBytes:maxEvents:lease:now:)``:
/// all of one process run, oldest first, with that run's metadata line.
package struct ClaimedBlocks: Sendable {
    /// The run (metadata row) of every block.
    package var metadataID: Int64
    /// The run's metadata ndjson line, without a trailing newline.
    package var metadata: [UInt8]
    /// The blocks, FIFO.
    package var blocks: [StoredBlock]
    /// The lease owner given to the claim.
    package var leaseOwner: String
    /// When the lease ends (µs); after that another claim may take the blocks again.
    package var leaseUntil: Int64
    /// Whether the queue still held claimable blocks after this claim: its limits cut it short,
    /// or another run's blocks wait.
    package var moreClaimable: Bool

    /// Creates a value (normally produced by the store).
    package init(
        metadataID: Int64, metadata: [UInt8], blocks: [StoredBlock], leaseOwner: String, leaseUntil: Int64,
        moreClaimable: Bool = false
    ) {
        self.moreClaimable = moreClaimable
        self.metadataID = metadataID
        self.metadata = metadata
        self.blocks = blocks
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }

    /// Ids of the blocks, in order.
    package var ids: [Int64] { blocks.map(\.id) }
    /// Lines in all blocks.
    package var events: Int { blocks.reduce(0) { $0 + $1.events } }
    /// Stored (gzip) bytes of all blocks.
    package var bodyBytes: Int { blocks.reduce(0) { $0 + $1.body.count } }
}
