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

/// A whole `blocks` row, as the store reads it to rewrite, split, settle or inspect a block.
struct BlockRow {
    var id: Int64
    var metadataID: Int64
    var kind: String
    var eventClass: Int64
    var flags: Int64
    var encoding: BlockEncoding
    var events: Int
    var rawSize: Int
    var size: Int
    var firstCreatedAt: Int64
    var lastCreatedAt: Int64
    var attempts: Int
    var leaseOwner: String?
    var leaseUntil: Int64?
    var body: [UInt8]
}

extension BlockRow {
    /// Reads the columns of ``QueueSQL/blockColumns`` (body last, read only if `withBody`).
    init(_ statement: SQLiteStatement, withBody: Bool = true) {
        id = statement.int64(0)
        metadataID = statement.int64(1)
        kind = statement.text(2)
        eventClass = statement.int64(3)
        flags = statement.int64(4)
        encoding = BlockEncoding(rawValue: statement.int64(5)) ?? .gzip
        events = statement.int(6)
        rawSize = statement.int(7)
        size = statement.int(8)
        firstCreatedAt = statement.int64(9)
        lastCreatedAt = statement.int64(10)
        attempts = statement.int(11)
        leaseOwner = statement.optionalText(12)
        leaseUntil = statement.optionalInt64(13)
        body = withBody ? statement.blob(14) : []
    }

    /// The lines, each without its newline.
    func lines() throws(QueueError) -> [[UInt8]] {
        try BlockCodec.lines(of: body, encoding: encoding, rawSize: rawSize, blockID: id)
    }

    /// The block as a sender gets it (an identity body compressed now).
    func stored() throws(QueueError) -> StoredBlock {
        StoredBlock(
            id: id, kind: kind, events: events, rawSize: rawSize,
            isUnsampledTransactions: flags & BlockDraft.unsampledTransactions != 0,
            attempts: attempts, body: try BlockCodec.gzipBody(body, encoding: encoding)
        )
    }
}
