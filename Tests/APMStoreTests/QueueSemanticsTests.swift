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

/// Appends each event in its own commit: one block per event, so that the per-event API can
/// hand them out one by one.
func appendEach(_ q: EventQueue, _ events: [NewEvent], run m: Int64, now: Int64 = t0) throws {
    for event in events { try q.append([event], metadataID: m, now: now) }
}

@Suite("Queue semantics", .timeLimit(.minutes(2)))
struct QueueSemanticsTests {
    @Test("append then claim returns rows in FIFO order with their run's metadata; ack deletes them")
    func fifoClaimAck() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("{\"metadata\":1}"), createdAt: t0)
        let result = try q.append([event("e0", at: t0)], metadataID: m, now: t0)
        #expect(result == AppendResult(appended: 1, evicted: [:]))
        try appendEach(q, (1..<10).map { event("e\($0)", at: t0 + Int64($0)) }, run: m)

        let first = try #require(try q.claim(owner: "a", maxEvents: 4, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(first.events.map { text($0.body) } == ["e0", "e1", "e2", "e3"])
        #expect(first.metadata == bytes("{\"metadata\":1}"))
        #expect(first.metadataID == m)
        #expect(first.leaseOwner == "a")
        #expect(first.leaseUntil == t0 + 30 * second)
        #expect(first.events.allSatisfy { $0.attempts == 0 && $0.kind == "span" && $0.size == 2 })
        #expect(first.events.map(\.createdAt) == [t0, t0 + 1, t0 + 2, t0 + 3])
        #expect(first.ids == first.ids.sorted())

        let next = try #require(try q.claim(owner: "b", maxEvents: 4, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(next.events.map { text($0.body) } == ["e4", "e5", "e6", "e7"])
        #expect(Set(first.ids).isDisjoint(with: next.ids))

        #expect(try q.acknowledge(first.ids, owner: "a") == 4)
        #expect(try q.acknowledge(first.ids, owner: "a") == 0)
        let stats = try q.stats(now: t0)
        #expect(stats.events == 6)
        #expect(stats.leasesHeld == 4)
        #expect(stats.rawBytes == 18)
    }

    @Test("a batch never mixes metadata ids")
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

        let one = try #require(try q.claim(owner: "s", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(one.metadataID == m1 && one.metadata == bytes("m1"))
        #expect(one.events.map { text($0.body) } == ["a1", "a2", "a3"])
        #expect(one.events.allSatisfy { $0.metadataID == m1 })
        let two = try #require(try q.claim(owner: "s", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(two.metadataID == m2 && two.metadata == bytes("m2"))
        #expect(two.events.map { text($0.body) } == ["b1", "b2"])
        #expect(try q.claim(owner: "s", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(30), now: t0) == nil)
    }

    @Test("a claim stops before exceeding maxBytes but always takes one row")
    func byteLimit() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        let hundred = String(repeating: "x", count: 100)
        try appendEach(q, (0..<6).map { _ in event(hundred) }, run: m)
        let two = try #require(try q.claim(owner: "s", maxEvents: 10, maxBytes: 250, lease: .seconds(30), now: t0))
        #expect(two.events.count == 2 && two.bytes == 200)
        let exact = try #require(try q.claim(owner: "s", maxEvents: 10, maxBytes: 200, lease: .seconds(30), now: t0))
        #expect(exact.events.count == 2)
        let one = try #require(try q.claim(owner: "s", maxEvents: 10, maxBytes: 10, lease: .seconds(30), now: t0))
        #expect(one.events.count == 1)
        let last = try #require(try q.claim(owner: "s", maxEvents: 1, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(last.events.count == 1)
        #expect(try q.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(30), now: t0) == nil)
        #expect(try q.claim(owner: "s", maxEvents: 0, maxBytes: 1 << 20, lease: .seconds(30), now: t0) == nil)
    }

    @Test("release clears the lease and counts an attempt; the rows come back first")
    func releaseCountsAttempts() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, [event("a"), event("b"), event("c")], run: m)
        let batch = try #require(try q.claim(owner: "s", maxEvents: 2, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(try q.release(batch.ids, owner: "other") == 0)
        #expect(try q.release(batch.ids, owner: "s") == 2)
        #expect(try q.release(batch.ids, owner: "s") == 0)
        let again = try #require(try q.claim(owner: "s", maxEvents: 5, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(again.events.map { text($0.body) } == ["a", "b", "c"])
        #expect(again.events.map(\.attempts) == [1, 1, 0])
        try q.release(again.ids, owner: "s")
        let third = try #require(try q.claim(owner: "s", maxEvents: 5, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(third.events.map(\.attempts) == [2, 2, 1])
    }

    @Test("rows under an expired lease are claimed again, with one more attempt")
    func leaseExpiry() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try q.append([event("a"), event("b")], metadataID: m, now: t0)
        let held = try #require(try q.claim(owner: "dead", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(10), now: t0))
        #expect(try q.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(10), now: t0 + 9 * second) == nil)
        #expect(try q.stats(now: t0 + 9 * second).leasesHeld == 2)
        #expect(try q.stats(now: t0 + 10 * second).leasesHeld == 0)
        let reclaimed = try #require(
            try q.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(10), now: t0 + 10 * second))
        #expect(reclaimed.ids == held.ids)
        #expect(reclaimed.events.map(\.attempts) == [1, 1])
        // The former owner's late acknowledgement does not delete rows that are no longer its own.
        #expect(try q.acknowledge(held.ids, owner: "dead") == 0)
        #expect(try q.acknowledge(reclaimed.ids, owner: "s") == 2)
    }

    @Test("acknowledge deletes only rows leased by the owner")
    func ackOwnership() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, [event("a"), event("b")], run: m)
        let batch = try #require(try q.claim(owner: "s", maxEvents: 1, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        let unleased = try q.listEvents(limit: 10).map(\.event.id).filter { !batch.ids.contains($0) }
        #expect(try q.acknowledge(unleased, owner: "s") == 0)
        #expect(try q.acknowledge(batch.ids, owner: "t") == 0)
        #expect(try q.acknowledge([], owner: "s") == 0)
        #expect(try q.acknowledge(batch.ids + [999_999], owner: "s") == 1)
        #expect(try q.stats(now: t0).events == 1)
    }

    @Test("dead-lettered rows move to dead_letters, capped oldest-first and counted; requeue and purge")
    func deadLetters() throws {
        let f = try Fixture(QueueOptions(deadLetterLimit: 3))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(q, (0..<5).map { event("d\($0)", kind: $0 == 0 ? "error" : "span", at: t0 + Int64($0)) }, run: m)
        let batch = try #require(try q.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(try q.deadLetter(batch.ids, owner: "other", status: 400, reasons: [:], now: t0) == 0)
        let reasons = Dictionary(uniqueKeysWithValues: batch.ids.map { ($0, "bad \($0)") })
        #expect(try q.deadLetter(batch.ids, owner: "s", status: 400, reasons: reasons, now: t0 + 5) == 5)

        let stats = try q.stats(now: t0)
        #expect(stats.events == 0)
        #expect(stats.deadLetters == 3)
        #expect(stats.counters[EventQueue.CounterName.deadLettersEvicted] == 2)
        #expect(stats.metadataRows == 1)

        let letters = try q.deadLetters(limit: 10)
        #expect(letters.map { $0.body.map(text) } == ["d4", "d3", "d2"])
        #expect(letters.map(\.eventID) == batch.ids.suffix(3).reversed().map { Optional($0) })
        #expect(letters.allSatisfy { $0.status == 400 && $0.rejectedAt == t0 + 5 && $0.metadataID == m })
        #expect(letters.first?.reason == "bad \(batch.ids[4])")
        #expect(try q.deadLetters(limit: 1, order: .oldestFirst).first?.body.map(text) == "d2")

        // Requeue one: it goes to the end of the queue with a new id and no attempts.
        #expect(try q.requeueDeadLetters(ids: [letters[2].id], now: t0) == 1)
        let requeued = try #require(try q.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(requeued.events.map { text($0.body) } == ["d2"])
        #expect(requeued.events[0].id > batch.ids.max()!)
        #expect(requeued.events[0].attempts == 0)
        #expect(requeued.events[0].createdAt == t0 + 2)
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
        let leased = try #require(try q.claim(owner: "s", maxEvents: 1, maxBytes: 1 << 20, lease: .seconds(60), now: t0))
        try appendEach(q, (80..<160).map { event(body($0)) }, run: m)
        remaining = try q.listEvents(limit: 100, includeBodies: true).map { text($0.event.body) }
        #expect(remaining.first == leased.events.first.map { text($0.body) })
        #expect(Array(remaining.dropFirst()) == (160 - remaining.count + 1..<160).map(body))
        #expect(try q.stats(now: t0).bytes <= 1_000)
        // Once the lease has expired that block is fair game again.
        try q.append([event(body(160))], metadataID: m, now: t0 + 61 * second)
        #expect(try q.event(id: leased.ids[0]) == nil)
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
        _ = try q.claim(owner: "s", maxEvents: 1, maxBytes: 1 << 20, lease: .seconds(5), now: t0)
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

        let batch = try #require(try sender.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        #expect(batch.metadataID == pastID && batch.metadata == bytes("past"))
        try sender.acknowledge(batch.ids, owner: "s")
        // The past run's row is gone; so is the writer's (no events, not the sender's own); the sender's stays.
        #expect(try sender.metadata(id: pastID) == nil)
        #expect(try sender.metadata(id: writerID) == nil)
        #expect(try sender.metadata(id: senderID) != nil)

        // The writer puts its row back when it appends.
        try writer.append([event("new")], metadataID: writerID, now: t0)
        let next = try #require(try sender.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
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
        let batch = try #require(try q.claim(owner: "s", maxEvents: 10, maxBytes: 1 << 30, lease: .seconds(30), now: t0))
        #expect(batch.metadata == [])
        #expect(batch.events.map(\.body) == [[], binary, large])
        #expect(batch.events.map(\.size) == [0, binary.count, large.count])
        #expect(batch.events.map(\.kind) == ["", "log", "span"])
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

        let leased = try #require(try q.claim(owner: "s", maxEvents: 1, maxBytes: 1 << 20, lease: .seconds(30), now: t0))
        let detail = try #require(try q.event(id: leased.ids[0]))
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
