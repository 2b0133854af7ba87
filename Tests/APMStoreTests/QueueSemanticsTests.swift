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

/// Opens a fresh queue in its own temporary directory.
struct Fixture {
    let dir: TempDir
    let queue: EventQueue
    let path: String

    init(_ options: QueueOptions = .init()) throws {
        dir = try TempDir()
        path = dir.file("q.sqlite")
        queue = try EventQueue(path: path, options: options)
    }

    func done() {
        queue.close()
        dir.remove()
    }
}

/// Appends each event in its own commit: one block per event, so that claims can take them one
/// by one.
func appendEach(_ q: EventQueue, _ events: [NewEvent], run m: Int64, now: Int64 = t0) throws {
    for event in events { try q.append([event], metadataID: m, now: now) }
}

/// The lines of every claimed block, in claim order.
func claimedLines(_ claimed: ClaimedBlocks) throws -> [String] {
    try claimed.blocks.flatMap { try $0.lines() }.map(text)
}

@Suite("Queue semantics", .timeLimit(.minutes(2)))
struct QueueSemanticsTests {
    @Test("append then claim returns blocks in FIFO order with their run's metadata; ack deletes them")
    func fifoClaimAck() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("{\"metadata\":1}"), createdAt: t0)
        let result = try q.append([event("e0", at: t0)], metadataID: m, now: t0)
        #expect(result == AppendResult(appended: 1, evicted: [:]))
        try appendEach(q, (1..<10).map { event("e\($0)", at: t0 + Int64($0)) }, run: m)

        let first = try #require(try q.claimBlocks(owner: "a", maxBytes: 1 << 20, maxEvents: 4, lease: .seconds(30), now: t0))
        #expect(try claimedLines(first) == ["e0", "e1", "e2", "e3"])
        #expect(first.metadata == bytes("{\"metadata\":1}"))
        #expect(first.metadataID == m)
        #expect(first.leaseOwner == "a")
        #expect(first.leaseUntil == t0 + 30 * second)
        #expect(first.blocks.allSatisfy { $0.attempts == 0 && $0.kind == "span" && $0.rawSize == 3 })
        #expect(first.ids == first.ids.sorted())

        let next = try #require(try q.claimBlocks(owner: "b", maxBytes: 1 << 20, maxEvents: 4, lease: .seconds(30), now: t0))
        #expect(try claimedLines(next) == ["e4", "e5", "e6", "e7"])
        #expect(Set(first.ids).isDisjoint(with: next.ids))

        #expect(try q.acknowledgeBlocks(first.ids, owner: "a") == 4)
        #expect(try q.acknowledgeBlocks(first.ids, owner: "a") == 0)
        let stats = try q.stats(now: t0)
        #expect(stats.events == 6)
        #expect(stats.leasesHeld == 4)
        #expect(stats.rawBytes == 18)
        #expect(stats.oldestCreatedAt == t0 + 4, "the acknowledged events are gone")
    }

    @Test("a claim never mixes metadata ids")
    func neverMixesRuns() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m1 = try q.registerMetadata(bytes("m1"), createdAt: t0)
        let m2 = try q.registerMetadata(bytes("m2"), createdAt: t0)
        try q.append([event("a1")], metadataID: m1, now: t0)
        try q.append([event("b1")], metadataID: m2, now: t0)
        try q.append([event("a2"), event("a3")], metadataID: m1, now: t0)
        try q.append([event("b2")], metadataID: m2, now: t0)

        let one = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
        #expect(one.metadataID == m1 && one.metadata == bytes("m1"))
        #expect(try claimedLines(one) == ["a1", "a2", "a3"])
        let two = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
        #expect(two.metadataID == m2 && two.metadata == bytes("m2"))
        #expect(try claimedLines(two) == ["b1", "b2"])
        #expect(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0) == nil)
    }

    @Test("a claim stops before its stored bytes exceed maxBytes but always takes one block")
    func byteLimit() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let hundred = String(repeating: "x", count: 100)
        try appendEach(q, (0..<6).map { _ in event(hundred) }, run: m)
        // Six equal lines, each its own gzip member: six blocks of one size.
        let stored = try q.stats(now: t0).bytes
        try #require(stored % 6 == 0)
        let size = Int(stored / 6)
        let two = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 2 * size + size / 2, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(two.blocks.count == 2 && two.bodyBytes == 2 * size && two.events == 2)
        let exact = try #require(try q.claimBlocks(owner: "s", maxBytes: 2 * size, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(exact.blocks.count == 2)
        let one = try #require(try q.claimBlocks(owner: "s", maxBytes: 10, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(one.blocks.count == 1)
        let last = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(30), now: t0))
        #expect(last.blocks.count == 1)
        #expect(try claimedLines(last) == [hundred])
        #expect(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(30), now: t0) == nil)
    }

    @Test("release clears the lease and counts an attempt; the blocks come back first")
    func releaseCountsAttempts() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, [event("a"), event("b"), event("c")], run: m)
        let claimed = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 2, lease: .seconds(30), now: t0))
        #expect(try q.releaseBlocks(claimed.ids, owner: "other") == 0)
        #expect(try q.releaseBlocks(claimed.ids, owner: "s") == 2)
        #expect(try q.releaseBlocks(claimed.ids, owner: "s") == 0)
        let again = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 5, lease: .seconds(30), now: t0))
        #expect(try claimedLines(again) == ["a", "b", "c"])
        #expect(again.blocks.map(\.attempts) == [1, 1, 0])
        try q.releaseBlocks(again.ids, owner: "s")
        let third = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 5, lease: .seconds(30), now: t0))
        #expect(third.blocks.map(\.attempts) == [2, 2, 1])
    }

    @Test("blocks under an expired lease are claimed again, with one more attempt")
    func leaseExpiry() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try q.append([event("a"), event("b")], metadataID: m, now: t0)
        let held = try #require(
            try q.claimBlocks(owner: "dead", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(10), now: t0))
        #expect(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(10), now: t0 + 9 * second) == nil)
        #expect(try q.stats(now: t0 + 9 * second).leasesHeld == 2)
        #expect(try q.stats(now: t0 + 10 * second).leasesHeld == 0)
        let reclaimed = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(10), now: t0 + 10 * second))
        #expect(reclaimed.ids == held.ids)
        #expect(try claimedLines(reclaimed) == ["a", "b"])
        #expect(reclaimed.blocks.map(\.attempts) == [1])
        // The former owner's late acknowledgement does not delete blocks that are no longer its own.
        #expect(try q.acknowledgeBlocks(held.ids, owner: "dead") == 0)
        #expect(try q.acknowledgeBlocks(reclaimed.ids, owner: "s") == 2)
    }

    @Test("acknowledge deletes only blocks leased by the owner")
    func ackOwnership() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, [event("a"), event("b")], run: m)
        let claimed = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(30), now: t0))
        let unleased = try #require(try q.blockIDBounds()).newest
        #expect(!claimed.ids.contains(unleased))
        #expect(try q.acknowledgeBlocks([unleased], owner: "s") == 0)
        #expect(try q.acknowledgeBlocks(claimed.ids, owner: "t") == 0)
        #expect(try q.acknowledgeBlocks([], owner: "s") == 0)
        #expect(try q.acknowledgeBlocks(claimed.ids + [999_999], owner: "s") == 1)
        #expect(try q.stats(now: t0).events == 1)
    }

    @Test("rejected lines move to dead_letters, capped oldest-first and counted; requeue and purge")
    func deadLetters() throws {
        let f = try Fixture(QueueOptions(deadLetterLimit: 3))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, (0..<5).map { event("d\($0)", kind: $0 == 0 ? "error" : "span", at: t0 + Int64($0)) }, run: m)
        let claimed = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(30), now: t0))
        let rejected = claimed.ids.map { RejectedLine(blockID: $0, line: 0, reason: "bad \($0)") }
        #expect(try q.settleRejected(blocks: claimed.ids, rejected: rejected, status: 400, owner: "other", now: t0) == 0)
        #expect(try q.settleRejected(blocks: claimed.ids, rejected: rejected, status: 400, owner: "s", now: t0 + 5) == 5)

        let stats = try q.stats(now: t0)
        #expect(stats.events == 0)
        #expect(stats.deadLetters == 3)
        #expect(stats.counters[EventQueue.CounterName.deadLettersEvicted] == 2)
        #expect(stats.metadataRows == 1)

        let letters = try q.deadLetters(limit: 10)
        #expect(letters.map { $0.body.map(text) } == ["d4", "d3", "d2"])
        #expect(letters.map(\.eventID) == claimed.ids.suffix(3).reversed().map { EventID.make(block: $0, line: 0) })
        #expect(letters.map(\.kind) == ["span", "span", "span"])
        #expect(letters.allSatisfy { $0.status == 400 && $0.rejectedAt == t0 + 5 && $0.metadataID == m })
        #expect(letters.first?.reason == "bad \(claimed.ids[4])")
        #expect(try q.deadLetters(limit: 1, order: .oldestFirst).first?.body.map(text) == "d2")

        // Requeue one: it goes to the end of the queue with a new id and no attempts.
        #expect(try q.requeueDeadLetters(ids: [letters[2].id], now: t0) == 1)
        #expect(try q.listEvents(limit: 1).first?.event.createdAt == t0 + 2, "it keeps its capture time")
        let requeued = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(try claimedLines(requeued) == ["d2"])
        #expect(requeued.ids[0] > claimed.ids.max()!)
        #expect(requeued.blocks[0].attempts == 0)
        #expect(try q.purgeDeadLetters(ids: [letters[0].id]) == 1)
        #expect(try q.requeueDeadLetters(now: t0) == 1)
        #expect(try q.purgeDeadLetters() == 0)
        #expect(try q.stats(now: t0).deadLetters == 0)
    }

    @Test("append evicts rows older than maxAge, oldest first, counted")
    func evictByAge() throws {
        let f = try Fixture(QueueOptions(maxAge: .seconds(3600)))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let now = t0 + 10_000 * second
        try q.append([event("old1", at: now - 7200 * second), event("old2", at: now - 3601 * second)], metadataID: m, now: t0)
        let result = try q.append([event("new", at: now)], metadataID: m, now: now)
        #expect(result.evicted == [EventQueue.EvictionReason.maxAge: 2])
        #expect(try q.listEvents(limit: 10, includeBodies: true).map { text($0.event.body) } == ["new"])
        #expect(try q.counters()[EventQueue.CounterName.droppedMaxAge] == 2)
        #expect(try q.evict(now: now + 3600 * second) == [:], "exactly maxAge old is kept")
        #expect(try q.evict(now: now + 3600 * second + 1) == [EventQueue.EvictionReason.maxAge: 1])
        #expect(try q.counters()[EventQueue.CounterName.droppedMaxAge] == 3)
        #expect(try q.stats(now: now).events == 0)
    }

    @Test("append evicts the oldest blocks beyond maxBytes, skipping blocks under a live lease")
    func evictByBytes() throws {
        let f = try Fixture(QueueOptions(maxBytes: 1_000))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let body = { (index: Int) in String(index).padding(toLength: 100, withPad: ".", startingAt: 0) }
        try appendEach(q, (0..<80).map { event(body($0)) }, run: m)
        #expect(try q.stats(now: t0).bytes <= 1_000)
        var remaining = try q.listEvents(limit: 100, includeBodies: true).map { text($0.event.body) }
        #expect(remaining.count > 5 && remaining.count < 80)
        #expect(remaining == (80 - remaining.count..<80).map(body), "the newest are kept")
        #expect(try q.counters()[EventQueue.CounterName.droppedMaxBytes] == Int64(80 - remaining.count))
        #expect(try q.counters()["dropped.queue_max_bytes.span"] == Int64(80 - remaining.count))

        // Lease the oldest block: eviction skips it and takes the next oldest.
        let leased = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(60), now: t0))
        try appendEach(q, (80..<160).map { event(body($0)) }, run: m)
        remaining = try q.listEvents(limit: 100, includeBodies: true).map { text($0.event.body) }
        #expect(remaining.first == (try claimedLines(leased)).first)
        #expect(Array(remaining.dropFirst()) == (160 - remaining.count + 1..<160).map(body))
        #expect(try q.stats(now: t0).bytes <= 1_000)
        // Once the lease has expired that block is fair game again.
        try q.append([event(body(160))], metadataID: m, now: t0 + 61 * second)
        #expect(try q.event(id: EventID.make(block: leased.ids[0], line: 0)) == nil)
    }

    @Test("a block larger than maxBytes on its own is evicted whole, and counted")
    func oversizedAppend() throws {
        let f = try Fixture(QueueOptions(maxBytes: 10))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let result = try q.append((0..<8).map { event("e\($0)") }, metadataID: m, now: t0)
        #expect(result.evicted == [EventQueue.EvictionReason.maxBytes: 8])
        #expect(try q.listEvents(limit: 100).isEmpty)
        #expect(try q.counters()["dropped.queue_max_bytes.span"] == 8)
    }

    @Test("counters are upserted and added")
    func counters() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        #expect(try q.counters().isEmpty)
        try q.addCounters(["dropped.queue": 2, "sent": 10, "zero": 0])
        try q.addCounters(["dropped.queue": 3, "sent": -1])
        #expect(try q.counters() == ["dropped.queue": 5, "sent": 9])
    }

    @Test("stats reports sizes, kinds, ages, leases and file sizes")
    func stats() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let empty = try q.stats(now: t0)
        #expect(empty.events == 0 && empty.bytes == 0 && empty.byKind.isEmpty)
        #expect(empty.oldestCreatedAt == nil && empty.newestCreatedAt == nil)
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try q.append(
            [event("tx", kind: "transaction", at: t0 + 5), event("span1", at: t0 + 1), event("err", kind: "error", at: t0 + 9)],
            metadataID: m, now: t0)
        _ = try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(5), now: t0)
        let stats = try q.stats(now: t0)
        #expect(stats.events == 3)
        #expect(stats.rawBytes == 13)
        #expect(stats.blocks == 3)
        #expect(stats.byKind == ["transaction": 1, "span": 1, "error": 1])
        #expect(stats.bytesByKind.values.allSatisfy { $0 > 20 }, "each block is one gzip member")
        #expect(stats.bytes == stats.bytesByKind.values.reduce(0, +))
        #expect(stats.oldestCreatedAt == t0 + 1)
        #expect(stats.newestCreatedAt == t0 + 9)
        #expect(stats.leasesHeld == 1)
        #expect(stats.metadataRows == 1)
        #expect(stats.deadLetters == 0)
        #expect(stats.schemaVersion == EventQueue.currentSchemaVersion)
        #expect(stats.fileSize > 0)
        #expect(stats.walSize > 0)
        try q.checkpoint()
        #expect(try q.stats(now: t0).walSize == 0)
    }

    @Test("remote config is stored per service and environment and replaced on update")
    func remoteConfig() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        #expect(try q.remoteConfig(serviceName: "svc", environment: "") == nil)
        let first = CachedRemoteConfig(
            serviceName: "svc", environment: "", etag: "\"1\"", body: bytes("{\"a\":1}"), fetchedAt: t0, maxAge: 30)
        try q.storeRemoteConfig(first)
        #expect(try q.remoteConfig(serviceName: "svc", environment: "") == first)
        #expect(try q.remoteConfig(serviceName: "svc", environment: "prod") == nil)
        let updated = CachedRemoteConfig(
            serviceName: "svc", environment: "", etag: nil, body: bytes("{}"), fetchedAt: t0 + 1, maxAge: nil, appliedAt: t0 + 2)
        try q.storeRemoteConfig(updated)
        let prod = CachedRemoteConfig(serviceName: "svc", environment: "prod", etag: "x", body: [], fetchedAt: t0)
        try q.storeRemoteConfig(prod)
        #expect(try q.remoteConfig(serviceName: "svc", environment: "") == updated)
        #expect(try q.remoteConfig(serviceName: "svc", environment: "prod") == prod)
        #expect(try q.deleteRemoteConfig(serviceName: "svc", environment: "prod"))
        #expect(try q.remoteConfig(serviceName: "svc", environment: "prod") == nil)
    }

    @Test("unreferenced metadata of other runs is removed; a run's own row survives and is restored")
    func metadataHousekeeping() throws {
        let f = try Fixture()
        defer { f.done() }
        let sender = f.queue
        let writer = try EventQueue(path: f.path)
        defer { writer.close() }
        // A past run: its metadata row is referenced only by its events.
        let past = try EventQueue(path: f.path)
        let pastID = try past.registerMetadata(bytes("past"), createdAt: t0)
        try past.append([event("old")], metadataID: pastID, now: t0)
        past.close()
        let writerID = try writer.registerMetadata(bytes("writer"), createdAt: t0)
        let senderID = try sender.registerMetadata(bytes("sender"), createdAt: t0)
        #expect(try sender.stats(now: t0).metadataRows == 3)

        let claimed = try #require(
            try sender.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(claimed.metadataID == pastID && claimed.metadata == bytes("past"))
        try sender.acknowledgeBlocks(claimed.ids, owner: "s")
        // The past run's row is gone; so is the writer's (no events, not the sender's own); the sender's stays.
        #expect(try sender.metadata(id: pastID) == nil)
        #expect(try sender.metadata(id: writerID) == nil)
        #expect(try sender.metadata(id: senderID) != nil)

        // The writer puts its row back when it appends.
        try writer.append([event("new")], metadataID: writerID, now: t0)
        let next = try #require(
            try sender.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(next.metadataID == writerID && next.metadata == bytes("writer"))
        #expect(try writer.metadata(id: writerID)?.body == bytes("writer"))
    }

    @Test("appending for an unknown metadata id fails and stores nothing")
    func unknownMetadata() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        #expect(throws: QueueError.self) { try q.append([event("x")], metadataID: 12_345, now: t0) }
        #expect(try q.stats(now: t0).events == 0)
    }

    @Test("bodies round-trip exactly: empty, binary with NULs, large")
    func bodies() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata([], createdAt: t0)
        // Lines never hold a newline (ndjson); anything else goes.
        let binary: [UInt8] = [0, 1, 2, 0, 255, 11, 13, 0]
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }.map { $0 == 10 ? 11 : $0 }
        try q.append(
            [
                NewEvent(kind: "", createdAt: t0, body: []), NewEvent(kind: "log", createdAt: t0, body: binary),
                NewEvent(kind: "span", createdAt: t0, body: large),
            ], metadataID: m, now: t0)
        let claimed = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 30, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(claimed.metadata == [])
        #expect(try claimed.blocks.flatMap { try $0.lines() } == [[], binary, large])
        #expect(claimed.blocks.map(\.rawSize) == [1, binary.count + 1, large.count + 1], "each line and its newline")
        #expect(claimed.blocks.map(\.kind) == ["", "log", "span"])
    }

    @Test("event ids of a full block are unique and each shows its own line")
    func eventIDsOfFullBlocks() throws {
        #expect(Int64(BlockCodec.maxLines) < EventID.stride)
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let count = BlockCodec.maxLines + 10
        try q.append((0..<count).map { event("s\($0)", at: t0 + Int64($0)) }, metadataID: m, now: t0)
        let listed = try q.listEvents(order: .oldestFirst, limit: count + 1)
        #expect(listed.count == count)
        #expect(Set(listed.map(\.event.id)).count == count, "no two lines share an id")
        for index in [0, 999, 1_000, 1_001, BlockCodec.maxLines - 1, BlockCodec.maxLines, count - 1] {
            let shown = try #require(try q.event(id: listed[index].event.id))
            #expect(text(shown.info.event.body) == "s\(index)")
        }
    }

    @Test("listing, showing, exporting, importing and purging for the CLI")
    func inspection() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m1 = try q.registerMetadata(bytes("m1"), createdAt: t0)
        let m2 = try q.registerMetadata(bytes("m2"), createdAt: t0 + 1)
        try q.append([event("a1", kind: "transaction", at: t0 + 10), event("a2", at: t0 + 20)], metadataID: m1, now: t0)
        try q.append([event("b1", kind: "error", at: t0 + 30)], metadataID: m2, now: t0)
        try q.append([event("a3", at: t0 + 40)], metadataID: m1, now: t0)

        let oldest = try q.listEvents(order: .oldestFirst, limit: 2)
        #expect(oldest.map(\.event.body) == [[], []])
        #expect(oldest.map(\.event.size) == [2, 2])
        let newest = try q.listEvents(order: .newestFirst, limit: 10, includeBodies: true)
        #expect(newest.map { text($0.event.body) } == ["a3", "b1", "a2", "a1"])
        #expect(try q.listEvents(limit: 10, kind: "span", includeBodies: true).map { text($0.event.body) } == ["a2", "a3"])
        #expect(try q.listEvents(limit: 10, since: t0 + 25, includeBodies: true).map { text($0.event.body) } == ["b1", "a3"])
        #expect(
            try q.listEvents(limit: 10, kind: "span", since: t0 + 25, includeBodies: true).map { text($0.event.body) } == ["a3"])

        let leased = try #require(
            try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(30), now: t0))
        let detail = try #require(try q.event(id: EventID.make(block: leased.ids[0], line: 0)))
        #expect(text(detail.info.event.body) == "a1")
        #expect(detail.info.leaseOwner == "s" && detail.info.leaseUntil == t0 + 30 * second)
        #expect(detail.metadata == MetadataRecord(id: m1, createdAt: t0, body: bytes("m1")))
        #expect(try q.event(id: 9_999) == nil)

        // Export: grouped by run, FIFO inside a run, pages of 2.
        var pages: [(String, [String])] = []
        var cursor: ExportCursor?
        while let page = try q.exportPage(after: cursor, limit: 2) {
            pages.append((text(page.metadata.body), page.events.map { text($0.body) }))
            cursor = page.next
        }
        #expect(pages.map(\.0) == ["m1", "m1", "m2"])
        #expect(pages.map(\.1) == [["a1", "a2"], ["a3"], ["b1"]])

        // Import into a fresh run.
        let imported = try q.importEvents(
            metadata: bytes("m3"), metadataCreatedAt: t0, events: [event("c1", kind: "log", at: t0 + 50)], now: t0)
        #expect(imported.append.appended == 1)
        #expect(try q.metadata(id: imported.metadataID)?.body == bytes("m3"))

        #expect(try q.purgeEvents(kind: "error") == 1)
        #expect(try q.metadata(id: m2) != nil)  // registered by this instance: kept
        #expect(try q.purgeEvents(olderThan: t0 + 15) == 1)
        #expect(try q.listEvents(limit: 10, includeBodies: true).map { text($0.event.body) } == ["a2", "a3", "c1"])
        #expect(try q.metadata(id: imported.metadataID) != nil)
        #expect(try q.purgeEvents() == 3)
        #expect(try q.metadata(id: imported.metadataID) == nil)  // imported run: no longer referenced
        #expect(try q.counters()[EventQueue.CounterName.purged] == 5)
        #expect(try q.exportPage() == nil)
        #expect(try q.integrityCheck() == ["ok"])
    }

    @Test("a closed queue throws instead of crashing")
    func closed() throws {
        let f = try Fixture()
        defer { f.done() }
        f.queue.close()
        #expect(throws: QueueError.self) { _ = try f.queue.stats(now: t0) }
        #expect(throws: QueueError.self) { _ = try f.queue.registerMetadata([], createdAt: t0) }
        f.queue.close()
    }

    @Test("the default path follows ELASTIC_APM_QUEUE_PATH, then XDG_STATE_HOME, then HOME")
    func defaultPath() {
        func path(_ environment: [String: String]) -> String {
            QueueFile.defaultPath(environment: { environment[$0] })
        }
        #expect(path(["ELASTIC_APM_QUEUE_PATH": "/x/q.db", "XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/x/q.db")
        #expect(path(["ELASTIC_APM_QUEUE_PATH": "", "XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/elastic-apm/queue.sqlite")
        #expect(path(["XDG_STATE_HOME": "relative", "HOME": "/h/"]) == "/h/.local/state/elastic-apm/queue.sqlite")
        #expect(path(["HOME": "/h"]) == "/h/.local/state/elastic-apm/queue.sqlite")
        #expect(
            EventQueue.defaultPath.hasSuffix(".sqlite") || ProcessInfo.processInfo.environment["ELASTIC_APM_QUEUE_PATH"] != nil)
    }

    @Test("errors describe themselves in one line")
    func errorDescriptions() {
        let errors: [QueueError] = [
            .missingFile("/p"), .notAQueue("/p"), .corrupt("/p"), .schemaTooNew(found: 3, known: 2),
            .readOnly("/p"), .diskFull, .locked("/p"), .damagedBlock(id: 3, detail: "x"), .sqlite(code: 1, message: "boom"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
    }

    @Test("microsecond arithmetic saturates; file timestamps are UTC")
    func microseconds() {
        #expect(Microseconds.adding(.max, 1) == .max)
        #expect(Microseconds.subtracting(.min, 1) == .min)
        #expect(QueueFile.timestamp(0) == "19700101T000000Z")
        #expect(QueueFile.timestamp(1_700_000_000) == "20231114T221320Z")
    }
}
