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

/// Tests with `apm-store-fixture` child processes sharing one queue file.
@Suite("Several processes", .timeLimit(.minutes(3)), .childProcesses)
struct MultiProcessTests {
    /// "{"tag":"A","seq":12}" -> "A:12"
    static func key(_ body: String) -> String? {
        guard let tagStart = body.range(of: "\"tag\":\""), let seqStart = body.range(of: "\"seq\":") else { return nil }
        let tag = body[tagStart.upperBound...].prefix { $0 != "\"" }
        let seq = body[seqStart.upperBound...].prefix { $0.isNumber }
        return "\(tag):\(seq)"
    }

    @Test("two processes appending and claiming concurrently deliver every event exactly once")
    func twoWorkers() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("shared/q.sqlite")  // neither child finds a file: both race to create it
        let fixture = try fixturePath()
        let count = 1_000
        async let a = runToCompletion(fixture, ["worker", path, "A", "\(count)", "7", "10"], timeLimit: .seconds(120))
        async let b = runToCompletion(fixture, ["worker", path, "B", "\(count)", "5", "13"], timeLimit: .seconds(120))
        let (workerA, workerB) = try await (a, b)
        let outputA = workerA.outputLines
        let outputB = workerB.outputLines
        #expect(workerA.status.isSuccess, "worker A: \(workerA.status), \(outputA.suffix(3)) \(workerA.errorText)")
        #expect(workerB.status.isSuccess, "worker B: \(workerB.status), \(outputB.suffix(3)) \(workerB.errorText)")
        #expect(outputA.last == "done" && outputB.last == "done")

        var delivered: [String] = []
        for line in outputA + outputB where line.hasPrefix("acked ") {
            delivered += line.dropFirst(6).split(separator: " ").compactMap { Self.key(String($0)) }
        }
        // Whatever the workers left behind (if one finished early) is drained here.
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        while let claimed = try queue.claimBlocks(
            owner: "test", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(60), now: EventQueue.now())
        {
            #expect(try queue.acknowledgeBlocks(claimed.ids, owner: "test") == claimed.events)
            for block in claimed.blocks { delivered += try block.lines().compactMap { Self.key(text($0)) } }
        }
        let expected = Set((0..<count).map { "A:\($0)" } + (0..<count).map { "B:\($0)" })
        #expect(delivered.count == expected.count, "\(delivered.count) deliveries for \(expected.count) events")
        #expect(Set(delivered) == expected)
        #expect(try queue.stats(now: EventQueue.now()).events == 0)
        #expect(try queue.integrityCheck() == ["ok"])
        #expect(mode(dir.file("shared")) == 0o700)
        #expect(mode(path) == 0o600)
    }

    @Test("blocks leased by a process killed with SIGKILL are claimed again after the lease expires")
    func killedLeaseHolder() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let m = try queue.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(queue, (0..<10).map { event("e\($0)") }, run: m)

        let (status, firstLine) = try await withChild(
            try fixturePath(), ["hold", path, "doomed", "4", "60000"], timeLimit: .seconds(60)
        ) {
            execution in
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            let line = try await lines.next()
            try execution.send(signal: .kill)
            return line
        }
        #expect(status == .signaled(SIGKILL))
        let line = try #require(firstLine)
        let parts = line.split(separator: " ")
        try #require(parts.count == 3 && parts[0] == "claimed", "unexpected fixture output: \(line)")
        let leaseUntil = try #require(Int64(parts[1]))
        let heldIDs = parts[2].split(separator: ",").compactMap { Int64($0) }
        #expect(heldIDs.count == 4)

        // Before the lease ends, only the other blocks are claimable.
        let before = try #require(
            try queue.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(60), now: leaseUntil - 1))
        #expect(Set(before.ids).isDisjoint(with: heldIDs))
        #expect(before.events == 6)
        #expect(try queue.acknowledgeBlocks(before.ids, owner: "s") == 6)
        #expect(
            try queue.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(60), now: leaseUntil - 1) == nil)
        // From the lease's end on, the dead process's blocks come back, one attempt counted.
        let after = try #require(
            try queue.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(60), now: leaseUntil))
        #expect(after.ids == heldIDs)
        #expect(try after.blocks.flatMap { try $0.lines() }.map(text) == ["e0", "e1", "e2", "e3"])
        #expect(after.blocks.allSatisfy { $0.attempts == 1 })
        #expect(try queue.acknowledgeBlocks(after.ids, owner: "doomed") == 0)
        #expect(try queue.acknowledgeBlocks(after.ids, owner: "s") == 4)
    }

    @Test("kill -9 during appends: the file opens without repair and holds every committed row")
    func killDuringAppends() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let (status, (committed, commits)) = try await withChild(try fixturePath(), ["append", path, "K", "100000000", "50"]) {
            execution in
            var committed = -1
            var commits = 0
            // After the kill, the lines written before it are still read from the pipe.
            for try await line in execution.standardOutput.strings() {
                guard line.hasPrefix("committed K "), let seq = Int(line.dropFirst(12)) else { continue }
                committed = max(committed, seq)
                commits += 1
                if commits == 40 { try execution.send(signal: .kill) }
            }
            return (committed, commits)
        }
        #expect(status == .signaled(SIGKILL))
        try #require(commits >= 40, "the child committed only \(commits) batches")

        // openExisting never repairs or quarantines anything.
        let inspector = try EventQueue.openExisting(path: path)
        #expect(try inspector.integrityCheck() == ["ok"])
        var seqs: [Int] = []
        var cursor: ExportCursor?
        while let page = try inspector.exportPage(after: cursor, limit: 1_000) {
            seqs += page.events.compactMap { Self.key(text($0.body)).flatMap { Int($0.dropFirst(2)) } }
            cursor = page.next
        }
        inspector.close()
        #expect(seqs.count == Set(seqs).count, "duplicated rows")
        #expect(Set(0...committed).isSubset(of: Set(seqs)), "committed rows are missing")
        // Rows beyond the last printed commit can only come from the one batch in flight.
        #expect((seqs.max() ?? 0) < committed + 1 + 50)
        #expect(seqs == Array(0..<seqs.count), "rows out of FIFO order or with gaps")

        let log = LogBox()
        let queue = try EventQueue(path: path, logger: log.logger)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil)
        #expect(log.messages.isEmpty)
        #expect(try queue.stats(now: EventQueue.now()).events == seqs.count)
    }
}
