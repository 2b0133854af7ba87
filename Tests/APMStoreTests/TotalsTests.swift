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
import Subprocess
import Testing
@testable import APMStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `queue_totals` is kept by the store, once per batch, in the transaction that changes the rows:
/// after any operation, and after a crash at any point, it must equal what the rows add up to.
@Suite("Queue totals", .timeLimit(.minutes(3)))
struct TotalsTests {
    /// "kind:events:bytes:raw" per kind, from the running totals and from the blocks themselves.
    static func totalsAndRows(_ queue: EventQueue) throws -> (totals: [String], rows: [String]) {
        let totals = try queue.debugQueryTexts(
            "SELECT kind || ':' || events || ':' || bytes || ':' || raw_bytes FROM queue_totals WHERE events <> 0 ORDER BY kind")
        let rows = try queue.debugQueryTexts(
            "SELECT kind || ':' || SUM(events) || ':' || SUM(size) || ':' || SUM(raw_size) FROM blocks GROUP BY kind ORDER BY kind"
        )
        return (totals, rows)
    }

    static func expectExact(_ queue: EventQueue, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (totals, rows) = try totalsAndRows(queue)
        #expect(totals == rows, "after \(step)", sourceLocation: sourceLocation)
        #expect(
            try queue.debugQueryTexts("SELECT COUNT(*) FROM queue_totals WHERE events < 0 OR bytes < 0") == ["0"],
            "after \(step)", sourceLocation: sourceLocation)
    }

    @Test("every operation that adds or removes rows keeps the totals equal to the rows")
    func everyOperation() throws {
        let f = try Fixture(QueueOptions(maxBytes: 600, maxAge: .seconds(3600), deadLetterLimit: 2))
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        func events(_ count: Int, _ tag: String, at createdAt: Int64 = t0) -> [NewEvent] {
            (0..<count).map {
                event(
                    "\(tag)-\($0)-" + String(repeating: "x", count: $0 % 7), kind: ["span", "transaction", "error"][$0 % 3],
                    at: createdAt)
            }
        }

        for event in events(12, "a") { try q.append([event], metadataID: m, now: t0) }
        try Self.expectExact(q, "append")
        let first = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 5, lease: .seconds(30), now: t0))
        try Self.expectExact(q, "claim")
        #expect(try q.acknowledgeBlocks(Array(first.ids.prefix(2)) + [first.ids[3]], owner: "s") == 3)
        try Self.expectExact(q, "a partial, unordered acknowledge")
        #expect(try q.acknowledgeBlocks(first.ids, owner: "other") == 0)
        try Self.expectExact(q, "an acknowledge by another owner")
        #expect(try q.releaseBlocks([first.ids[2]], owner: "s") == 1)
        try Self.expectExact(q, "release")
        #expect(
            try q.settleRejected(
                blocks: [first.ids[4]], rejected: [RejectedLine(blockID: first.ids[4], line: 0, reason: nil)], status: 400,
                owner: "s", now: t0) == 1)
        try Self.expectExact(q, "dead letter")
        #expect(try q.requeueDeadLetters(now: t0) == 1)
        try Self.expectExact(q, "requeue")
        // Old rows: evicted by age on the next append; many rows: evicted down to maxBytes.
        try q.append(events(3, "old", at: t0 - 7200 * second), metadataID: m, now: t0)
        try Self.expectExact(q, "append of rows past maxAge")
        for chunk in stride(from: 0, to: 80, by: 8) {
            try q.append(Array(events(80, "b")[chunk..<chunk + 8]), metadataID: m, now: t0)
        }
        #expect(try q.counters()["dropped.queue_max_bytes"] ?? 0 > 0)
        try Self.expectExact(q, "eviction by bytes")
        try q.importEvents(metadata: bytes("n"), metadataCreatedAt: t0, events: events(4, "imported"), now: t0)
        try Self.expectExact(q, "import")
        #expect(try q.purgeEvents(kind: "error") > 0)
        try Self.expectExact(q, "purge of one kind")
        while let claimed = try q.claimBlocks(owner: "d", maxBytes: 1 << 20, maxEvents: 7, lease: .seconds(30), now: t0) {
            try q.acknowledgeBlocks(claimed.ids, owner: "d")
        }
        try Self.expectExact(q, "drain")
        let stats = try q.stats(now: t0)
        #expect(stats.events == 0 && stats.bytes == 0 && stats.byKind.isEmpty)
    }

    @Test("kill -9 while appending, claiming and acknowledging leaves totals equal to the rows", .childProcesses)
    func killNine() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let (status, acks) = try await withChild(try fixturePath(), ["worker", path, "K", "100000000", "40", "25"]) { execution in
            var acks = 0
            for try await line in execution.standardOutput.strings() where line.hasPrefix("acked ") {
                acks += 1
                if acks == 60 { try execution.send(signal: .kill) }
            }
            return acks
        }
        #expect(status == .signaled(SIGKILL))
        try #require(acks >= 60, "the child acknowledged only \(acks) batches")

        let queue = try EventQueue(path: path)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil)
        try Self.expectExact(queue, "kill -9")
        let rows = Int(try queue.debugQueryTexts("SELECT COALESCE(SUM(events), 0) FROM blocks").first ?? "") ?? -1
        #expect(try queue.stats(now: EventQueue.now()).events == rows)
    }
}
