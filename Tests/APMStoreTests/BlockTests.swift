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

import Foundation
import APMTestSupport
import Testing
@testable import APMStore

/// The block API the sender uses: claim, acknowledge, release, settle, split, merge.
@Suite("Blocks", .timeLimit(.minutes(2)))
struct BlockTests {
    func lines(_ block: StoredBlock) throws -> [String] {
        try block.lines().map(text)
    }

    @Test("an append stores one gzip block per kind and unsampled flag, lines in order")
    func appendGroups() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try q.append(
            [
                event("s1"), event("t1", kind: "transaction"), event("s2"),
                NewEvent(kind: "transaction", createdAt: t0, body: bytes("u1"), isUnsampledTransaction: true),
                event("e1", kind: "error"), event("t2", kind: "transaction"),
            ], metadataID: m, now: t0)
        let claimed = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
        #expect(claimed.blocks.map(\.kind) == ["span", "transaction", "transaction", "error"])
        #expect(try claimed.blocks.map(lines) == [["s1", "s2"], ["t1", "t2"], ["u1"], ["e1"]])
        #expect(claimed.blocks.map(\.isUnsampledTransactions) == [false, false, true, false])
        #expect(claimed.blocks.map(\.events) == [2, 2, 1, 1])
        #expect(claimed.blocks.map(\.rawSize) == [6, 6, 3, 3])
        #expect(claimed.ids == claimed.ids.sorted())
        for block in claimed.blocks {
            #expect(Array(block.body.prefix(2)) == [0x1F, 0x8B])
            #expect(try Gunzip.decompress(block.body).count == block.rawSize)
        }
        #expect(claimed.metadata == bytes("m") && claimed.leaseOwner == "s" && claimed.leaseUntil == t0 + 30 * second)
        let stats = try q.stats(now: t0)
        #expect(stats.events == 6 && stats.blocks == 4 && stats.rawBytes == 18)
        #expect(stats.bytes == Int64(claimed.bodyBytes))
    }

    @Test("a claim takes whole blocks of the oldest run, FIFO, within maxBytes and maxEvents, at least one")
    func claimLimits() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m1 = try q.registerMetadata(bytes("m1"), createdAt: t0)
        let m2 = try q.registerMetadata(bytes("m2"), createdAt: t0)
        try appendEach(q, (0..<3).map { event("a\($0)") }, run: m1)
        try q.append([event("b0")], metadataID: m2, now: t0)
        try q.append([event("a3"), event("a4")], metadataID: m1, now: t0)
        let one = try #require(try q.claimBlocks(owner: "s", maxBytes: 1, maxEvents: 100, lease: .seconds(30), now: t0))
        #expect(try one.blocks.map(lines) == [["a0"]])
        let events = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 2, lease: .seconds(30), now: t0))
        #expect(try events.blocks.map(lines) == [["a1"], ["a2"]])
        // The oldest claimable block is the other run's: its run goes first, alone.
        let other = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
        #expect(other.metadataID == m2 && other.metadata == bytes("m2"))
        #expect(try other.blocks.map(lines) == [["b0"]])
        let rest = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(30), now: t0))
        #expect(try rest.blocks.map(lines) == [["a3", "a4"]], "a block is never cut")
        #expect(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0) == nil)
        #expect(try q.pendingEventCount() == 6)
        let bounds = try #require(try q.blockIDBounds())
        #expect(bounds.oldest == one.ids[0] && bounds.newest == rest.ids[0])
    }

    @Test("acknowledge deletes, release counts an attempt, an expired lease is claimed again")
    func ackReleaseExpiry() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, (0..<3).map { event("e\($0)") }, run: m)
        let first = try #require(try q.claimBlocks(owner: "a", maxBytes: 1 << 20, maxEvents: 2, lease: .seconds(10), now: t0))
        #expect(try q.releaseBlocks(first.ids, owner: "b") == 0)
        #expect(try q.acknowledgeBlocks(first.ids, owner: "b") == 0)
        #expect(try q.releaseBlocks([first.ids[1]], owner: "a") == 1)
        #expect(try q.acknowledgeBlocks([first.ids[0]], owner: "a") == 1)
        let again = try #require(try q.claimBlocks(owner: "a", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(10), now: t0))
        #expect(try again.blocks.map(lines) == [["e1"], ["e2"]])
        #expect(again.blocks.map(\.attempts) == [1, 0])
        #expect(try q.claimBlocks(owner: "b", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(10), now: t0 + 9 * second) == nil)
        let taken = try #require(
            try q.claimBlocks(owner: "b", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(10), now: t0 + 10 * second))
        #expect(taken.ids == again.ids && taken.blocks.map(\.attempts) == [2, 1])
        #expect(
            try q.acknowledgeBlocks(again.ids, owner: "a") == 0, "a late answer does not delete blocks leased to another sender")
        #expect(try q.acknowledgeBlocks(taken.ids, owner: "b") == 2)
        #expect(try q.pendingEventCount() == 0 && q.blockIDBounds() == nil)
    }

    @Test("settleRejected moves only the rejected lines to dead letters and deletes the blocks")
    func settleRejected() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try q.append((0..<4).map { event("s\($0)", at: t0 + Int64($0)) } + [event("x", kind: "error")], metadataID: m, now: t0)
        let claimed = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
        let spans = claimed.ids[0]
        #expect(
            try q.settleRejected(
                blocks: claimed.ids, rejected: [RejectedLine(blockID: spans, line: 2, reason: "bad")], status: 400,
                owner: "other", now: t0) == 0)
        let moved = try q.settleRejected(
            blocks: claimed.ids,
            rejected: [RejectedLine(blockID: spans, line: 2, reason: "bad"), RejectedLine(blockID: spans, line: 0, reason: nil)],
            status: 400, owner: "s", now: t0 + 7)
        #expect(moved == 2)
        #expect(try q.pendingEventCount() == 0)
        let letters = try q.deadLetters(limit: 10, order: .oldestFirst)
        #expect(letters.map { $0.body.map(text) } == ["s0", "s2"])
        #expect(letters.map(\.reason) == [nil, "bad"])
        #expect(letters.allSatisfy { $0.kind == "span" && $0.status == 400 && $0.rejectedAt == t0 + 7 && $0.metadataID == m })
        #expect(letters.map(\.eventID) == [EventID.make(block: spans, line: 0), EventID.make(block: spans, line: 2)])
    }

    @Test("dropLeadingLines keeps the rest of a block leased; splitBlock halves it in place, FIFO kept")
    func dropAndSplit() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try q.append((0..<7).map { event("a\($0)") }, metadataID: m, now: t0)
        try q.append([event("next")], metadataID: m, now: t0)
        let claimed = try #require(try q.claimBlocks(owner: "s", maxBytes: 1, maxEvents: 1, lease: .seconds(30), now: t0))
        let id = claimed.ids[0]
        #expect(try q.dropLeadingLines(2, ofBlock: id, owner: "other") == nil)
        let dropped = try #require(try q.dropLeadingLines(2, ofBlock: id, owner: "s"))
        #expect(try lines(dropped) == ["a2", "a3", "a4", "a5", "a6"] && dropped.events == 5 && dropped.rawSize == 15)
        let halves = try q.splitBlock(id, owner: "s")
        #expect(try halves.map(lines) == [["a2", "a3"], ["a4", "a5", "a6"]])
        #expect(halves[0].id == id && halves[1].id > id)
        #expect(try q.stats(now: t0).leasesHeld == 5)
        #expect(try q.pendingEventCount() == 6)
        #expect(try q.releaseBlocks(halves.map(\.id), owner: "s") == 2)
        let again = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
        #expect(try again.blocks.map(lines) == [["a2", "a3"], ["a4", "a5", "a6"], ["next"]])
        #expect(try q.splitBlock(again.ids[2], owner: "s").map(\.id) == [again.ids[2]], "one line cannot be split")
        #expect(try q.dropLeadingLines(3, ofBlock: again.ids[1], owner: "s") == nil)
        #expect(try q.pendingEventCount() == 3)
        try TotalsTests.expectExact(q, "drop and split")
    }

    @Test("waiting blocks merge per run, kind and flags into fewer, smaller blocks; lines keep their order")
    func merge() throws {
        let f = try Fixture(QueueOptions(mergeAfter: .seconds(1)))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let other = try q.registerMetadata(bytes("other"), createdAt: t0)
        var expected: [String: [String]] = [:]
        for commit in 0..<60 {
            var events: [NewEvent] = []
            for index in 0..<20 {
                let kind = ["span", "transaction", "span", "error"][index % 4]
                let line = #"{"\#(kind)":{"id":"\#(commit)-\#(index)","name":"GET /orders/{id}","duration":12.5}}"#
                events.append(event(line, kind: kind))
                expected[kind, default: []].append(line)
            }
            try q.append(events, metadataID: m, now: t0)
        }
        try q.append([event("lone")], metadataID: other, now: t0)
        let before = try q.stats(now: t0)
        #expect(before.blocks == 181)
        #expect(try q.mergeWaitingBlocks(now: t0, limit: 1_000).removed == 0, "blocks younger than mergeAfter wait")
        var idle = 0
        for _ in 0..<200 where idle < 3 {
            idle = try q.mergeWaitingBlocks(now: t0 + 2 * second, limit: 50).removed == 0 ? idle + 1 : 0
        }
        let after = try q.stats(now: t0)
        #expect(after.events == before.events && after.rawBytes == before.rawBytes)
        #expect(after.blocks < 10)
        #expect(after.bytes * 2 < before.bytes)
        try TotalsTests.expectExact(q, "merge")
        let claimed = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 30, maxEvents: 1 << 20, lease: .seconds(30), now: t0))
        var got: [String: [String]] = [:]
        for block in claimed.blocks { got[block.kind, default: []] += try lines(block) }
        #expect(got == expected)
        #expect(claimed.blocks.allSatisfy { $0.events <= BlockCodec.maxLines })
    }

    @Test("eviction goes by value: spans, logs and metricsets first, then transactions, errors last; counted by kind")
    func evictionByValue() throws {
        let f = try Fixture(QueueOptions(maxBytes: 4_000))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        var generator = SeededGenerator(seed: 7)
        func noise(_ count: Int) -> String {
            String((0..<count).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)! })
        }
        try q.append([event("error-0-" + noise(300), kind: "error")], metadataID: m, now: t0)
        for round in 0..<30 {
            try q.append(
                [
                    event("span-\(round)-" + noise(300)), event("tx-\(round)-" + noise(300), kind: "transaction"),
                    event("log-\(round)-" + noise(300), kind: "log"),
                ], metadataID: m, now: t0)
        }
        let stats = try q.stats(now: t0)
        #expect(stats.bytes <= 4_000)
        #expect(stats.byKind["error"] == 1, "the error outlives everything else")
        #expect(stats.byKind["span"] == nil && stats.byKind["log"] == nil, "class 0 goes before any transaction")
        let counters = stats.counters
        #expect(counters["dropped.queue_max_bytes.span"] == 30)
        #expect(counters["dropped.queue_max_bytes.log"] == 30)
        #expect(counters["dropped.queue_max_bytes.transaction", default: 0] == Int64(30 - (stats.byKind["transaction"] ?? 0)))
        #expect(counters["dropped.queue_max_bytes"] == 60 + (counters["dropped.queue_max_bytes.transaction"] ?? 0))
        let kept = try q.listEvents(limit: 100, kind: "transaction", includeBodies: true).map { text($0.event.body) }
        #expect(kept.last?.hasPrefix("tx-29-") == true, "the newest transactions are kept")
    }

    @Test("a block under a live lease is never evicted")
    func leasedBlocksStay() throws {
        let f = try Fixture(QueueOptions(maxBytes: 1_000))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        var generator = SeededGenerator(seed: 9)
        let noise = { (count: Int) in String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator)! }) }
        try q.append([event("first-" + noise(400))], metadataID: m, now: t0)
        let held = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(60), now: t0))
        for _ in 0..<10 { try q.append([event(noise(400))], metadataID: m, now: t0) }
        #expect(try q.listEvents(limit: 1).first?.event.id == EventID.make(block: held.ids[0], line: 0))
        try q.append([event(noise(400))], metadataID: m, now: t0 + 61 * second)
        #expect(try q.listEvents(limit: 1).first?.event.id != EventID.make(block: held.ids[0], line: 0))
    }
}
