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
            for commit in 0..<1_500 {
                let events = demo.commit(30, at: EventQueue.now())
                lines.formUnion(events.map { text($0.body) })
                try q.append(events, metadataID: m, now: t0)
            }
            try q.addCounters(["sent": 5])
            q.close()
        }
        let size = QueueFile.size(path)
        try #require(size > 2 << 20, "the file is only \(size) bytes")
        // Overwrite 16 KiB (four pages) in the middle with garbage.
        var generator = SeededGenerator(seed: 99)
        let garbage = Data((0..<16_384).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(size / 2 / 4096 * 4096))
        handle.write(garbage)
        try handle.close()

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
}
