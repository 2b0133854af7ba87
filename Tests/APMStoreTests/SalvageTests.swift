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

@Suite("Salvage of a damaged file", .timeLimit(.minutes(3)))
struct SalvageTests {
    @Test("16 KiB of garbage in the middle of a multi-MB queue: at least 95% of the events are recovered, the rest counted")
    func garbageInTheMiddle() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        var lines: Set<String> = []
        do {
            let q = try EventQueue(path: path)
            let m = try q.registerMetadata(bytes(#"{"metadata":{"service":{"name":"demo"}}}"#), createdAt: t0)
            var demo = DemoEvents(seed: 21)
            for _ in 0..<1_500 {
                let events = demo.commit(30, at: EventQueue.now())
                lines.formUnion(events.map { text($0.body) })
                try q.append(events, metadataID: m, now: t0)
            }
            try q.addCounters(["sent": 5])
            q.close()
        }
        let size = QueueFile.size(path)
        try #require(size > 2 << 20, "the file is only \(size) bytes")
        try Self.overwriteMiddle(of: path, seed: 99)

        let log = LogBox()
        let q = try EventQueue(path: path, logger: log.logger)
        defer { q.close() }
        let quarantined = try #require(q.quarantinedFile)
        #expect(FileManager.default.fileExists(atPath: quarantined))
        let report = try #require(q.salvageReport)
        #expect(report.recoveredRuns == 1)
        #expect(
            Double(report.recoveredEvents) >= 0.95 * Double(lines.count), "recovered \(report.recoveredEvents) of \(lines.count)")
        #expect(report.lostEvents > 0)
        let counters = try q.counters()
        #expect(counters[EventQueue.CounterName.droppedCorrupt] == Int64(report.lostEvents))
        #expect(counters["sent"] == 5, "the agent's counters survive")
        if !report.lostIsEstimate { #expect(report.recoveredEvents + report.lostEvents == lines.count) }
        #expect(log.messages.count == 1)
        #expect(log.messages.first?.contains("recovered \(report.recoveredEvents) events") == true)

        // Everything recovered is sent once, exactly as it was captured.
        var delivered: [String] = []
        while let claim = try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 1_000, lease: .seconds(30), now: t0) {
            #expect(claim.metadata == bytes(#"{"metadata":{"service":{"name":"demo"}}}"#))
            for block in claim.blocks { delivered += try block.lines().map(text) }
            try q.acknowledgeBlocks(claim.ids, owner: "s")
        }
        #expect(delivered.count == report.recoveredEvents)
        #expect(Set(delivered).count == delivered.count)
        #expect(Set(delivered).isSubset(of: lines))
        #expect(try q.integrityCheck() == ["ok"])
    }

    @Test("dead letters of a damaged file are copied with their run, reason and status")
    func deadLettersSurvive() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let metadata = bytes(#"{"metadata":{"service":{"name":"demo"}}}"#)
        do {
            let q = try EventQueue(path: path)
            let m = try q.registerMetadata(metadata, createdAt: t0)
            var demo = DemoEvents(seed: 5)
            for _ in 0..<1_500 {
                try q.append(demo.commit(30, at: EventQueue.now()), metadataID: m, now: t0)
            }
            // The server refused two lines of the first request; the rest of it was indexed.
            let claimed = try #require(
                try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
            let block = try #require(claimed.blocks.first { $0.events >= 2 }).id
            let moved = try q.settleRejected(
                blocks: claimed.ids,
                rejected: [
                    RejectedLine(blockID: block, line: 0, reason: "bad field"),
                    RejectedLine(blockID: block, line: 1, reason: nil),
                ],
                status: 400, owner: "s", now: t0 + 9)
            try #require(moved == 2)
            q.close()
        }
        try Self.overwriteMiddle(of: path, seed: 7)

        let q = try EventQueue(path: path)
        defer { q.close() }
        let report = try #require(q.salvageReport)
        #expect(report.recoveredDeadLetters == 2)
        let letters = try q.deadLetters(limit: 10, order: .oldestFirst)
        #expect(letters.map(\.reason) == ["bad field", nil])
        #expect(letters.allSatisfy { $0.status == 400 && $0.rejectedAt == t0 + 9 && $0.body?.isEmpty == false })
        let run = try #require(letters.first?.metadataID)
        #expect(letters.allSatisfy { $0.metadataID == run })
        // The run the dead letters point to is in the new queue (requeue and show need it).
        let claim = try #require(try q.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 10, lease: .seconds(30), now: t0))
        #expect(claim.metadataID == run && claim.metadata == metadata)
    }

    /// Overwrites 16 KiB (four pages) in the middle of the file at `path` with seeded garbage.
    static func overwriteMiddle(of path: String, seed: UInt64) throws {
        let size = QueueFile.size(path)
        var generator = SeededGenerator(seed: seed)
        let garbage = Data((0..<16_384).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(size / 2 / 4096 * 4096))
        try handle.write(contentsOf: garbage)
    }
}
