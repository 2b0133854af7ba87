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

import APMTestSupport
import Testing
@testable import APMStore

/// The writer's reusable commit batch and the blocks made from it.
@Suite("Event batch")
struct EventBatchTests {
    private static let kinds = ["span", "transaction", "error", "metricset", "log"]

    private struct Line: Equatable {
        var kind: String
        var unsampled: Bool
        var createdAt: Int64
        var bytes: [UInt8]
    }

    private func randomCommit(_ generator: inout SeededGenerator) -> [Line] {
        (0..<Int.random(in: 0...300, using: &generator)).map { _ in
            let kind = Self.kinds.randomElement(using: &generator)!
            let length = Int.random(in: 0...(Bool.random(using: &generator) ? 40 : 3_000), using: &generator)
            return Line(
                kind: kind, unsampled: kind == "transaction" && Bool.random(using: &generator),
                createdAt: Int64.random(in: 1...1_000_000, using: &generator),
                bytes: (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) })
        }
    }

    @Test(
        "a reused batch gives back every line in capture order, and its blocks hold each group's lines in order",
        arguments: [1, 2, 3, 4] as [UInt64])
    func reusedBatchKeepsLines(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var batch = EventBatch()
        let compressor = try GzipCompressor(level: Gzip.storeLevel)
        for _ in 0..<20 {
            let commit = randomCommit(&generator)
            batch.removeAll()
            for line in commit {
                if Bool.random(using: &generator) {
                    batch.append(
                        kind: line.kind, isUnsampledTransaction: line.unsampled, createdAt: line.createdAt, line: line.bytes)
                } else {
                    // The encoder's way: write, take it back, write again.
                    batch.appendLine(kind: line.kind, isUnsampledTransaction: line.unsampled, createdAt: line.createdAt) {
                        let start = $0.count
                        $0.append(contentsOf: [UInt8](repeating: UInt8(ascii: "x"), count: 7))
                        $0.removeSubrange(start...)
                        $0.append(contentsOf: line.bytes)
                    }
                }
            }
            var replayed: [Line] = []
            batch.forEachLine { kind, unsampled, createdAt, bytes in
                replayed.append(Line(kind: kind, unsampled: unsampled, createdAt: createdAt, bytes: Array(bytes)))
            }
            #expect(replayed == commit)
            #expect(batch.count == commit.count)
            #expect(batch.rawSize == commit.reduce(0) { $0 + $1.bytes.count + 1 })

            // Blocks: groups in order of their first line; each group's lines in order, cut at the limits.
            let drafts = try BlockDraft.make(batch, compressor: compressor)
            var expectedGroups: [(kind: String, unsampled: Bool)] = []
            for line in commit where !expectedGroups.contains(where: { $0.kind == line.kind && $0.unsampled == line.unsampled }) {
                expectedGroups.append((line.kind, line.unsampled))
            }
            var draftGroups: [(kind: String, unsampled: Bool)] = []
            for draft in drafts {
                let group = (kind: draft.kind, unsampled: draft.flags & BlockDraft.unsampledTransactions != 0)
                if draftGroups.last.map({ $0 != group }) ?? true { draftGroups.append(group) }
            }
            #expect(draftGroups.map(\.kind) == expectedGroups.map(\.kind))
            #expect(draftGroups.map(\.unsampled) == expectedGroups.map(\.unsampled))
            for group in expectedGroups {
                let expected = commit.filter { $0.kind == group.kind && $0.unsampled == group.unsampled }
                let blocks = drafts.filter {
                    $0.kind == group.kind && ($0.flags & BlockDraft.unsampledTransactions != 0) == group.unsampled
                }
                var lines: [[UInt8]] = []
                for block in blocks {
                    let raw = try Gzip.decompress(block.body)
                    #expect(raw.count == block.rawSize)
                    #expect(block.events <= BlockCodec.maxLines)
                    #expect(block.events == 1 || block.rawSize <= BlockCodec.maxRawSize)
                    let blockLines = BlockCodec.split(raw)
                    #expect(blockLines.count == block.events)
                    let times = expected[lines.count..<(lines.count + block.events)].map(\.createdAt)
                    #expect(block.firstCreatedAt == times.min() && block.lastCreatedAt == times.max())
                    lines += blockLines
                }
                #expect(lines == expected.map(\.bytes))
            }
        }
    }

    @Test("a group is cut at the line limit and at the raw size limit, never below one line")
    func cutsAtLimits() throws {
        let compressor = try GzipCompressor(level: Gzip.storeLevel)
        var batch = EventBatch()
        for index in 0..<(BlockCodec.maxLines * 2 + 5) {
            batch.append(kind: "span", createdAt: Int64(index), line: Array("s\(index)".utf8))
        }
        #expect(
            try BlockDraft.make(batch, compressor: compressor).map(\.events) == [BlockCodec.maxLines, BlockCodec.maxLines, 5])

        batch.removeAll()
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: BlockCodec.maxRawSize + 10)
        batch.append(kind: "error", createdAt: 1, line: big)
        batch.append(kind: "error", createdAt: 2, line: Array("small".utf8))
        let drafts = try BlockDraft.make(batch, compressor: compressor)
        #expect(drafts.map(\.events) == [1, 1])
        #expect(drafts.map(\.rawSize) == [big.count + 1, 6])
    }

    @Test("one compressor makes many independent members")
    func compressorResets() throws {
        let compressor = try GzipCompressor(level: Gzip.storeLevel)
        var generator = SeededGenerator(seed: 9)
        for size in [0, 1, 100, 70_000, 1 << 20] {
            let input = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let member = try input.withUnsafeBytes { try compressor.member(of: $0) }
            #expect(try Gunzip.decompress(member) == input)
            #expect(try Gzip.decompress(member) == input)
        }
    }
}
