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

/// A block as a sender gets it (``EventQueue/claimBlocks(owner:maxBytes:maxEvents:lease:now:)``):
/// the ndjson lines of one run and one kind, as gzip members ready to go into a request body.
package struct StoredBlock: Sendable, Hashable {
    /// Row id in `blocks`; claim order (FIFO).
    package var id: Int64
    /// Event kind of every line ("span", "transaction", "error", "metricset", "log").
    package var kind: String
    /// Lines in the block.
    package var events: Int
    /// ndjson bytes of the lines, newlines included.
    package var rawSize: Int
    /// Every line is an unsampled transaction.
    package var isUnsampledTransactions: Bool
    /// Failed delivery attempts so far (released, or a lease that expired).
    package var attempts: Int
    /// Concatenated gzip members; decompressed, exactly the lines.
    package var body: [UInt8]

    /// Creates a value (normally produced by the store).
    package init(id: Int64, kind: String, events: Int, rawSize: Int, isUnsampledTransactions: Bool, attempts: Int, body: [UInt8])
    {
        self.id = id
        self.kind = kind
        self.events = events
        self.rawSize = rawSize
        self.isUnsampledTransactions = isUnsampledTransactions
        self.attempts = attempts
        self.body = body
    }

    /// The block's lines (without their newlines), decompressed.
    package func lines() throws(QueueError) -> [[UInt8]] {
        try BlockCodec.lines(of: body, encoding: .gzip, rawSize: rawSize)
    }
}
