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

@Suite("Damaged files, read-only places, full disks", .timeLimit(.minutes(2)))
struct FailureTests {
    @Test("a file of random bytes is quarantined (with its -wal) and replaced by a new queue")
    func randomBytes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        var random = SeededGenerator(seed: 7)
        let garbage = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }
        let walGarbage = (0..<100).map { _ in UInt8.random(in: 0...255, using: &random) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(garbage))
        _ = FileManager.default.createFile(atPath: path + "-wal", contents: Data(walGarbage))

        #expect(throws: QueueError.notAQueue(path)) { _ = try EventQueue.openExisting(path: path) }
        #expect(try fileBytes(path) == garbage)

        let log = LogBox()
        let queue = try EventQueue(path: path, logger: log.logger)
        defer { queue.close() }
        let moved = try #require(queue.quarantinedFile)
        #expect(moved.hasPrefix(path + ".corrupt-"))
        let stamp = String(moved.dropFirst((path + ".corrupt-").count))
        #expect(stamp.count == 16 && stamp.dropFirst(8).first == "T" && stamp.last == "Z")
        #expect(try fileBytes(moved) == garbage)
        // SQLite itself may delete a WAL it cannot use when it closes the file; if it is still
        // there, it moves along with the database. Either way the new queue does not inherit it.
        if FileManager.default.fileExists(atPath: moved + "-wal") {
            #expect(try fileBytes(moved + "-wal") == walGarbage)
        }
        if FileManager.default.fileExists(atPath: path + "-wal") {
            #expect(try fileBytes(path + "-wal") != walGarbage)
        }
        #expect(log.messages.count == 1)
        #expect(log.messages.first?.contains(moved) == true)

        let m = try queue.registerMetadata(bytes("m"), createdAt: t0)
        try queue.append([event("after")], metadataID: m, now: t0)
        #expect(
            try queue.claimBlocks(owner: "s", maxBytes: 100, maxEvents: 1, lease: .seconds(1), now: t0)?.blocks.first?.lines()
                == [bytes("after")])
        #expect(mode(path) == 0o600)
    }

    @Test("a truncated SQLite file is quarantined and replaced by a new queue")
    func truncated() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        do {
            let queue = try EventQueue(path: path)
            let m = try queue.registerMetadata(bytes("m"), createdAt: t0)
            var demo = DemoEvents(seed: 8)
            for _ in 0..<100 { try queue.append(demo.commit(200, at: EventQueue.now()), metadataID: m, now: EventQueue.now()) }
            queue.close()  // checkpoints: everything is in the main file now
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let size = try #require(mode(path) != nil ? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int : nil)
        #expect(size > 500_000)
        #expect(truncate(path, off_t(size / 2)) == 0)
        let damaged = try fileBytes(path)

        #expect(throws: QueueError.corrupt(path)) {
            let queue = try EventQueue.openExisting(path: path)
            defer { queue.close() }
            _ = try queue.stats(now: t0)
            let report = try queue.integrityCheck()
            if report != ["ok"] { throw QueueError.corrupt(path) }
        }

        let log = LogBox()
        let queue = try EventQueue(path: path, logger: log.logger)
        defer { queue.close() }
        let moved = try #require(queue.quarantinedFile)
        #expect(try fileBytes(moved) == damaged)
        #expect(log.messages.count == 1)
        // What the first half of the file held is salvaged into the new queue.
        let report = try #require(queue.salvageReport)
        #expect(report.recoveredEvents > 0 && report.lostEvents > 0)
        #expect(try queue.stats(now: t0).events == report.recoveredEvents)
        #expect(try queue.integrityCheck() == ["ok"])
    }

    @Test("two processes opening the same damaged file at once: one moves it aside, both get a working queue", .childProcesses)
    func concurrentQuarantine() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let garbage = [UInt8](repeating: 0xA5, count: 4096)
        _ = FileManager.default.createFile(atPath: path, contents: Data(garbage))
        let fixture = try fixturePath()
        async let first = runToCompletion(fixture, ["open", path])
        async let second = runToCompletion(fixture, ["open", path])
        for child in try await [first, second] {
            #expect(child.status.isSuccess, "\(child.status): \(child.errorText)")
            #expect(child.outputLines == ["ok"])
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let quarantined = names.filter { $0.hasPrefix("q.sqlite.corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(quarantined.count >= 1)
        #expect(try quarantined.contains { try fileBytes(dir.file($0)) == garbage })
        let queue = try EventQueue.openExisting(path: path)
        defer { queue.close() }
        #expect(try queue.integrityCheck() == ["ok"])
        #expect(queue.pendingMigrations.isEmpty)
    }

    /// Runs `apm-store-fixture open PATH --drop-privileges`: as root the child becomes uid 65534,
    /// for whom the test's read-only modes apply (root itself ignores them).
    private func openInChild(_ path: String) async throws -> String {
        let child = try await runToCompletion(try fixturePath(), ["open", path, "--drop-privileges"])
        #expect(child.status.isSuccess, "fixture exited with \(child.status): \(child.outputLines) \(child.errorText)")
        return child.outputLines.joined(separator: "\n")
    }

    @Test("a read-only directory gives .readOnly, no crash", .childProcesses)
    func readOnlyDirectory() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        chmod(dir.path, 0o755)
        let readOnly = dir.file("ro")
        #expect(mkdir(readOnly, 0o555) == 0)
        chmod(readOnly, 0o555)
        #expect(try await openInChild(readOnly + "/q.sqlite").hasPrefix("error readOnly"))
        #expect(try await openInChild(readOnly + "/sub/dir/q.sqlite").hasPrefix("error readOnly"))
        #expect(!FileManager.default.fileExists(atPath: readOnly + "/q.sqlite"))

        // A writable queue file in a read-only directory: SQLite cannot create the -wal/-shm files.
        let lockedIn = dir.file("locked-in")
        #expect(mkdir(lockedIn, 0o755) == 0)
        let path = lockedIn + "/q.sqlite"
        do {
            let queue = try EventQueue(path: path)
            _ = try queue.registerMetadata(bytes("m"), createdAt: t0)
            queue.close()
        }
        chmod(path, 0o666)
        chmod(lockedIn, 0o555)
        let before = try fileBytes(path)
        #expect(try await openInChild(path).hasPrefix("error readOnly"))
        #expect(try fileBytes(path) == before)
    }

    @Test("a read-only queue file gives .readOnly, no crash, file untouched", .childProcesses)
    func readOnlyFile() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        chmod(dir.path, 0o755)
        let shared = dir.file("shared")
        #expect(mkdir(shared, 0o777) == 0)
        chmod(shared, 0o777)  // the directory is writable: only the file is not
        let path = shared + "/q.sqlite"
        do {
            let queue = try EventQueue(path: path)
            let m = try queue.registerMetadata(bytes("m"), createdAt: t0)
            try queue.append([event("kept")], metadataID: m, now: t0)
            queue.close()
        }
        chmod(path, 0o444)
        let before = try fileBytes(path)
        #expect(try await openInChild(path).hasPrefix("error readOnly"))
        #expect(try fileBytes(path) == before)
    }

    @Test("a full disk (max_page_count) evicts by value to make room; past that .diskFull, and the queue still drains and stores")
    func diskFull() throws {
        let f = try Fixture()
        defer { f.done() }
        let q = f.queue
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        var generator = SeededGenerator(seed: 5)
        func noise(_ count: Int) -> String {
            String((0..<count).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)! })
        }
        try q.append([event("error-" + noise(3_000), kind: "error")], metadataID: m, now: t0)
        #expect(try q.setMaxPageCount(try q.pageCount() + 12) > 0)
        // An outage on a full disk: every append is stored, older spans make room for it.
        for round in 0..<40 {
            let result = try q.append(
                [event("span-\(round)-" + noise(3_000)), event("tx-\(round)-" + noise(3_000), kind: "transaction")],
                metadataID: m, now: t0)
            #expect(result.appended == 2)
        }
        var stats = try q.stats(now: t0)
        #expect(stats.counters["dropped.disk_full"] ?? 0 > 0)
        #expect(stats.counters["dropped.disk_full.span"] ?? 0 > 0)
        #expect(stats.byKind["error"] == 1, "the error outlives the spans and transactions")
        #expect(
            try q.listEvents(order: .newestFirst, limit: 1, kind: "transaction", includeBodies: true).first.map {
                text($0.event.body).hasPrefix("tx-39-")
            } == true)

        // Everything under a lease, and an event larger than the room left: nothing is evicted for it.
        var claimed: [Int64] = []
        while let claim = try q.claimBlocks(owner: "s", maxBytes: 1 << 30, maxEvents: 1 << 20, lease: .seconds(60), now: t0) {
            claimed += claim.ids
        }
        #expect(throws: QueueError.diskFull) { try q.append([event(noise(80_000))], metadataID: m, now: t0) }
        stats = try q.stats(now: t0)
        #expect(stats.events == stats.leasesHeld)

        // Acknowledging always has room, and new events are stored again without a restart.
        #expect(try q.acknowledgeBlocks(claimed, owner: "s") == stats.events)
        #expect(try q.append([event("after-" + noise(3_000))], metadataID: m, now: t0).appended == 1)
        #expect(try q.pendingEventCount() == 1)
        #expect(try q.integrityCheck() == ["ok"])
    }

    @Test("openExisting reports .locked when another connection holds the lock past the timeout")
    func locked() throws {
        let f = try Fixture()
        defer { f.done() }
        f.queue.close()  // a WAL connection holds a shared lock on the file
        let blocker = try rawConnection(f.path)
        defer { blocker.close() }
        try blocker.execute("PRAGMA locking_mode = EXCLUSIVE")
        try blocker.execute("BEGIN EXCLUSIVE")
        try blocker.execute("INSERT INTO counters (name, value) VALUES ('x', 1)")
        #expect(throws: QueueError.locked(f.path)) {
            let queue = try EventQueue.openExisting(path: f.path, options: QueueOptions(busyTimeout: .milliseconds(50)))
            _ = try queue.stats(now: t0)
        }
        try blocker.execute("COMMIT")
    }
}
