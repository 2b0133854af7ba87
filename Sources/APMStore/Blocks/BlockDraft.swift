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

    /// `events` grouped by kind and unsampled flag (see ``make(_:compressor:)``), each block one
    /// gzip member at `level`.
    static func make(_ events: [NewEvent], level: Int32 = Gzip.storeLevel) throws(QueueError) -> [BlockDraft] {
        let compressor: GzipCompressor
        do { compressor = try GzipCompressor(level: level) } catch { throw BlockCodec.failure(error) }
        return try make(EventBatch(events), compressor: compressor)
    }

    /// The groups of `batch` in the order of their first line, each group's lines in order, cut at
    /// ``BlockCodec/maxLines`` lines or ``BlockCodec/maxRawSize`` bytes; each block one gzip
    /// member compressed in one call from the group's buffer.
    static func make(_ batch: EventBatch, compressor: GzipCompressor) throws(QueueError) -> [BlockDraft] {
        var drafts: [BlockDraft] = []
        for groupIndex in batch.groupsInCaptureOrder {
            let group = batch.groups[groupIndex]
            var start = 0
            while start < group.count {
                let startOffset = start == 0 ? 0 : group.lineEnds[start - 1]
                var end = start + 1
                while end < group.count, end - start < BlockCodec.maxLines,
                    group.lineEnds[end] - startOffset <= BlockCodec.maxRawSize
                {
                    end += 1
                }
                let endOffset = group.lineEnds[end - 1]
                let compressed = group.ndjson.withUnsafeBytes { bytes in
                    Result { () throws(GzipError) in
                        try compressor.member(of: UnsafeRawBufferPointer(rebasing: bytes[startOffset..<endOffset]))
                    }
                }
                let body: [UInt8]
                switch compressed {
                case .success(let member): body = member
                case .failure(let error): throw BlockCodec.failure(error)
                }
                let times = group.createdAt[start..<end]
                drafts.append(
                    BlockDraft(
                        kind: group.kind, flags: group.isUnsampledTransactions ? unsampledTransactions : 0,
                        events: end - start, rawSize: endOffset - startOffset, body: body,
                        firstCreatedAt: times.min() ?? 0, lastCreatedAt: times.max() ?? 0))
                start = end
            }
        }
        return drafts
    }
}
