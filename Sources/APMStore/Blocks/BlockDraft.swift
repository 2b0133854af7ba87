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

/// A block about to be inserted: built (and compressed) before the write transaction starts,
/// so that the lock is held only for the INSERT.
struct BlockDraft {
    var kind: String
    var flags: Int64
    var events: Int
    var rawSize: Int
    var body: [UInt8]
    var firstCreatedAt: Int64
    var lastCreatedAt: Int64

    /// Bit 0 of `blocks.flags`.
    static let unsampledTransactions: Int64 = 1

    /// `events` grouped by kind and unsampled flag (groups in order of first appearance, each
    /// group's lines in their order), cut at ``BlockCodec/maxLines`` lines or
    /// ``BlockCodec/maxRawSize`` bytes, each block one gzip member at `level`.
    static func make(_ events: [NewEvent], level: Int32 = Gzip.storeLevel) throws(QueueError) -> [BlockDraft] {
        struct Key: Hashable {
            var kind: String
            var unsampled: Bool
        }
        var order: [Key] = []
        var groups: [Key: [Int]] = [:]
        for (index, event) in events.enumerated() {
            let key = Key(kind: event.kind, unsampled: event.isUnsampledTransaction)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var drafts: [BlockDraft] = []
        for key in order {
            let indices = groups[key] ?? []
            var start = 0
            while start < indices.count {
                var end = start
                var raw = 0
                while end < indices.count, end - start < BlockCodec.maxLines,
                    end == start || raw + events[indices[end]].body.count + 1 <= BlockCodec.maxRawSize
                {
                    raw += events[indices[end]].body.count + 1
                    end += 1
                }
                let slice = indices[start..<end]
                let encoded = try BlockCodec.encode(slice.lazy.map { events[$0].body }, level: level)
                let times = slice.lazy.map { events[$0].createdAt }
                drafts.append(
                    BlockDraft(
                        kind: key.kind, flags: key.unsampled ? unsampledTransactions : 0, events: slice.count,
                        rawSize: encoded.rawSize, body: encoded.body,
                        firstCreatedAt: times.min() ?? 0, lastCreatedAt: times.max() ?? 0
                    ))
                start = end
            }
        }
        return drafts
    }
}
