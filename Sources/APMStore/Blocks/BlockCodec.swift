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

/// Encoding and decoding of block bodies, and the size rules of blocks.
package enum BlockCodec {
    /// Most lines in one block (appended groups are cut there; merges stop there): below the
    /// sender's 5 000 events per request and ``EventID/stride``.
    package static let maxLines = 4_000
    /// Raw bytes up to which appended lines go into one block, and merges stop. Large merged
    /// blocks waste less of their last page; at level 9 one holds ~50-150 KiB of gzip.
    package static let maxRawSize = 1 << 20
    /// A block is small enough to merge below this many lines...
    package static let mergeableLines = 4_000
    /// ...and below this many raw bytes.
    package static let mergeableRawSize = 768 << 10
    /// Largest decompressed block accepted when decoding (far above what the store writes).
    static let decodeLimit = 64 << 20

    /// The decompressed lines of `body` (each without its newline).
    static func lines(of body: [UInt8], encoding: BlockEncoding, rawSize: Int, blockID: Int64 = 0) throws(QueueError) -> [[UInt8]]
    {
        split(try raw(of: body, encoding: encoding, blockID: blockID))
    }

    /// The ndjson bytes of `body`.
    static func raw(of body: [UInt8], encoding: BlockEncoding, blockID: Int64) throws(QueueError) -> [UInt8] {
        switch encoding {
        case .identity:
            return body
        case .gzip:
            do {
                return try Gzip.decompress(body, limit: decodeLimit)
            } catch {
                throw .damagedBlock(id: blockID, detail: error.description)
            }
        }
    }

    /// `body` as gzip members (an identity body is compressed now).
    static func gzipBody(_ body: [UInt8], encoding: BlockEncoding) throws(QueueError) -> [UInt8] {
        switch encoding {
        case .gzip: return body
        case .identity: return try compress(body, level: Gzip.storeLevel)
        }
    }

    /// ndjson text split into lines: every line ends in "\n"; a last line without one is kept.
    static func split(_ raw: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for index in raw.indices where raw[index] == UInt8(ascii: "\n") {
            lines.append(Array(raw[start..<index]))
            start = index + 1
        }
        if start < raw.count { lines.append(Array(raw[start...])) }
        return lines
    }

    /// One gzip member of `lines`, each followed by "\n"; returns the member and the raw size. The lines are
    /// joined first and compressed in one call (a merge joins up to ``mergeableRawSize`` bytes).
    static func encode(_ lines: some Sequence<[UInt8]>, level: Int32) throws(QueueError) -> (body: [UInt8], rawSize: Int) {
        var raw: [UInt8] = []
        for line in lines {
            raw.append(contentsOf: line)
            raw.append(UInt8(ascii: "\n"))
        }
        return (try compress(raw, level: level), raw.count)
    }

    /// A compression failure as the store reports it.
    static func failure(_ error: GzipError) -> QueueError {
        .sqlite(code: 1, message: "cannot compress a block: \(error)")
    }

    static func compress(_ raw: [UInt8], level: Int32) throws(QueueError) -> [UInt8] {
        do {
            return try Gzip.compress(raw, level: level)
        } catch {
            throw failure(error)
        }
    }
}
