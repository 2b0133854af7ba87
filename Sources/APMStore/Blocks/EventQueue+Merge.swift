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

import APMRuntime

/// Merging: blocks that wait (an outage, a slow server) are combined into larger blocks, which
/// compress several times better than the small members of single commits.
extension EventQueue {
    /// Merges small waiting blocks: adjacent blocks (no other block of their kind between them)
    /// not under a lease, of fewer than
    /// ``BlockCodec/mergeableLines`` lines and ``BlockCodec/mergeableRawSize`` raw bytes, last
    /// written at least `mergeAfter` before `now`, of the same run, kind and flags, are
    /// decompressed and compressed again (``Gzip/mergeLevel``) into one block of up to
    /// ``BlockCodec/maxLines`` lines and ``BlockCodec/maxRawSize`` raw bytes. The merged block
    /// takes the smallest id of its parts, so that the lines of one kind keep their order.
    ///
    /// Bounded work: at most `limit` blocks are looked at per call, continuing after the last
    /// call's position (starting over at the end). One transaction per merged group. Returns the
    /// number of blocks removed by merging and whether the call reached the newest blocks (a
    /// pass over the queue ended).
    @discardableResult
    package func mergeWaitingBlocks(now: Int64, limit: Int) throws(QueueError) -> MergeStep {
        guard limit > 1 else { return MergeStep(removed: 0, passEnded: true) }
        let cutoff = Microseconds.subtracting(now, options.mergeAfter.inMicroseconds)
        struct Candidate {
            var id: Int64
            var events: Int
            var rawSize: Int
            var mergeable: Bool
        }
        struct Key: Hashable {
            var metadataID: Int64
            var kind: String
            var flags: Int64
        }
        let candidates = try read { () throws(SQLiteError) -> [(Key, Candidate)] in
            try connection.withStatement(QueueSQL.mergeCandidates) { (statement) throws(SQLiteError) -> [(Key, Candidate)] in
                try statement.bind([.integer(mergeCursor), .integer(cutoff), .integer(Int64(limit))])
                var rows: [(Key, Candidate)] = []
                while try statement.step() {
                    rows.append(
                        (
                            Key(metadataID: statement.int64(1), kind: statement.text(2), flags: statement.int64(3)),
                            Candidate(
                                id: statement.int64(0), events: statement.int(4), rawSize: statement.int(5),
                                mergeable: statement.int(6) != 0)
                        ))
                }
                return rows
            }
        }
        let passEnded = candidates.count < limit
        mergeCursor = passEnded ? 0 : (candidates.last?.1.id ?? 0)
        // Groups in order of their first block; a group closes when the next part would not fit.
        var open: [Key: [Candidate]] = [:]
        var groups: [[Candidate]] = []
        for (key, candidate) in candidates {
            var parts = open[key] ?? []
            guard candidate.mergeable else {
                if parts.count > 1 { groups.append(parts) }
                open[key] = nil
                continue
            }
            let events = parts.reduce(0) { $0 + $1.events }
            let raw = parts.reduce(0) { $0 + $1.rawSize }
            if !parts.isEmpty
                && (events + candidate.events > BlockCodec.maxLines || raw + candidate.rawSize > BlockCodec.maxRawSize)
            {
                if parts.count > 1 { groups.append(parts) }
                parts = []
            }
            parts.append(candidate)
            open[key] = parts
        }
        groups += open.values.filter { $0.count > 1 }
        var removed = 0
        for group in groups.sorted(by: { $0[0].id < $1[0].id }) {
            removed += try merge(group.map(\.id))
        }
        return MergeStep(removed: removed, passEnded: passEnded)
    }

    /// Merges the blocks `ids` (same run, kind and flags, ascending) into the first one, if all
    /// of them are still there and unleased. Returns the number of blocks removed.
    private func merge(_ ids: [Int64]) throws(QueueError) -> Int {
        try write { () throws(SQLiteError) -> Int in
            var rows: [BlockRow] = []
            for id in ids {
                guard let row = try selectBlock(id), row.leaseUntil == nil else { return 0 }
                rows.append(row)
            }
            guard let first = rows.first else { return 0 }
            var lines: [[UInt8]] = []
            for row in rows { lines += try decodeLocked(row) }
            // The parts go first, so that the merged body takes the pages they free instead of
            // growing the file and leaving their pages on the free list.
            var totals = TotalsDelta()
            for row in rows.dropFirst() {
                try runTallying(QueueSQL.deleteBlock, [.integer(row.id)], into: &totals)
            }
            try replaceLinesLocked(
                first, with: lines, level: Gzip.mergeLevel,
                firstCreatedAt: rows.lazy.map(\.firstCreatedAt).min(), lastCreatedAt: rows.lazy.map(\.lastCreatedAt).max()
            )
            try connection.execute(
                "UPDATE blocks SET attempts = ?2 WHERE id = ?1",
                [.integer(first.id), .integer(Int64(rows.lazy.map(\.attempts).max() ?? 0))])
            try applyTotals(totals)
            return rows.count - 1
        }
    }
}
