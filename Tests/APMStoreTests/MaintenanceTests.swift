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

@Suite("Maintenance operations for the CLI", .timeLimit(.minutes(2)))
struct MaintenanceTests {
    @Test("countEvents counts what purgeEvents with the same filter deletes")
    func countMatchesPurge() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("{\"metadata\":{}}"), createdAt: t0)
        // One block each: age filters apply to whole blocks.
        try appendEach(
            q,
            [
                event("aaaa", kind: "span", at: t0),
                event("bb", kind: "span", at: t0 + 10 * second),
                event("ccc", kind: "error", at: t0),
            ], run: m, now: t0 + 10 * second)

        #expect(try q.countEvents() == (events: 3, bytes: 9))
        #expect(try q.countEvents(kind: "span") == (events: 2, bytes: 6))
        #expect(try q.countEvents(olderThan: t0 + 5 * second) == (events: 2, bytes: 7))
        #expect(try q.countEvents(kind: "span", olderThan: t0 + 5 * second) == (events: 1, bytes: 4))
        #expect(try q.countEvents(kind: "log") == (events: 0, bytes: 0))
        #expect(try q.purgeEvents(kind: "span", olderThan: t0 + 5 * second) == 1)
        #expect(try q.countEvents() == (events: 2, bytes: 5))
    }

    @Test("importRuns stores every run in order, each with its own metadata row")
    func importRuns() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let results = try q.importRuns(
            [
                ImportRun(
                    metadata: bytes("{\"metadata\":1}"), metadataCreatedAt: t0, events: [event("a1"), event("a2", kind: "error")]),
                ImportRun(metadata: bytes("{\"metadata\":2}"), metadataCreatedAt: t0, events: [event("b1")]),
            ], now: t0)
        #expect(results.map(\.append.appended) == [2, 1])
        #expect(results[0].metadataID < results[1].metadataID)

        var lines: [String] = []
        var cursor: ExportCursor?
        while let page = try q.exportPage(after: cursor, limit: 1) {
            if cursor?.metadataID != page.metadata.id { lines.append(text(page.metadata.body)) }
            lines += page.events.map { text($0.body) }
            cursor = page.next
        }
        #expect(lines == ["{\"metadata\":1}", "a1", "a2", "{\"metadata\":2}", "b1"])
        #expect(try q.stats(now: t0).byKind == ["span": 2, "error": 1])
    }

    @Test("importRuns stores nothing when the transaction fails")
    func importRunsAtomic() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let pages = try q.pageCount()
        try q.setMaxPageCount(pages + 2)
        var generator = SeededGenerator(seed: 2)
        let big = (0..<64 * 1024).map { _ in UInt8.random(in: 32...126, using: &generator) }
        #expect(throws: QueueError.diskFull) {
            try q.importRuns(
                [
                    ImportRun(metadata: bytes("{\"metadata\":1}"), metadataCreatedAt: t0, events: [event("small")]),
                    ImportRun(
                        metadata: bytes("{\"metadata\":2}"), metadataCreatedAt: t0,
                        events: [NewEvent(kind: "span", createdAt: t0, body: big)]),
                ], now: t0)
        }
        let stats = try q.stats(now: t0)
        #expect(stats.events == 0)
        #expect(stats.metadataRows == 0)
    }

    @Test("importRuns applies the queue limits after the import")
    func importRunsEvicts() throws {
        let f = try Fixture(QueueOptions(maxBytes: 30))
        defer { f.done() }
        let results = try f.queue.importRuns(
            [
                ImportRun(
                    metadata: bytes("{\"metadata\":1}"), metadataCreatedAt: t0,
                    events: [event("aaa"), event("bbb", kind: "error")])
            ], now: t0)
        #expect(
            results == [
                ImportResult(
                    metadataID: results[0].metadataID, append: AppendResult(appended: 2, evicted: ["queue_max_bytes": 1]))
            ])
        #expect(try f.queue.stats(now: t0).events == 1)
    }

    @Test("remoteConfigs lists every cached configuration by service and environment")
    func remoteConfigs() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        #expect(try q.remoteConfigs().isEmpty)
        let b = CachedRemoteConfig(serviceName: "billing", environment: "", etag: nil, body: bytes("{}"), fetchedAt: t0)
        let a2 = CachedRemoteConfig(
            serviceName: "checkout", environment: "staging", etag: "\"2\"", body: bytes("{\"x\":\"1\"}"), fetchedAt: t0,
            maxAge: 30, appliedAt: t0 + 1)
        let a1 = CachedRemoteConfig(
            serviceName: "checkout", environment: "production", etag: "\"1\"", body: bytes("{}"), fetchedAt: t0 + 5)
        for config in [a2, b, a1] { try q.storeRemoteConfig(config) }
        #expect(try q.remoteConfigs() == [b, a1, a2])
    }

    @Test("probeWriteLock sees another connection's write lock and waits no longer than asked")
    func probeWriteLock() throws {
        let f = try Fixture()
        defer { f.done() }
        #expect(try f.queue.probeWriteLock(timeout: .milliseconds(50)))
        let blocker = try rawConnection(f.path)
        defer { blocker.close() }
        try blocker.execute("BEGIN EXCLUSIVE")
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try f.queue.probeWriteLock(timeout: .milliseconds(100)) == false)
        #expect(clock.now - started < .seconds(2))
        try blocker.execute("ROLLBACK")
        #expect(try f.queue.probeWriteLock(timeout: .milliseconds(50)))
        // The usual busy timeout is back: a write still works.
        try f.queue.addCounters(["x": 1])
        #expect(try f.queue.counters()["x"] == 1)
    }
}
