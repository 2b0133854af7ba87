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

@Suite("apm-queue errors: one line on stderr, exit 1, the file untouched", .timeLimit(.minutes(3)), .childProcesses)
struct ErrorTests {
    /// Every command, with arguments that would succeed on a sound queue.
    private static func commands(importFile: String) -> [[String]] {
        [
            ["stats"], ["stats", "--json"], ["list"], ["show", "1"], ["export"], ["import", importFile],
            ["purge", "--all", "--yes"], ["config"], ["dead-letters", "list"], ["dead-letters", "requeue", "--all"],
            ["dead-letters", "purge", "--all", "--yes"], ["check"],
            ["flush", "--server-url", "http://127.0.0.1:9", "--timeout", "1s"],
        ]
    }

    /// Runs every command against `path`; each must fail with exactly `message`.
    private func expectEveryCommandFails(
        _ path: String, dir: TempDir, message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let importFile = dir.file("import.ndjson")
        let valid =
            QueueFixture.metadata(pid: 1, version: "1.0.0") + "\n"
            + QueueFixture.span(name: "x", type: "app", subtype: "internal", duration: "1") + "\n"
        try Data(valid.utf8).write(to: URL(fileURLWithPath: importFile))
        for command in Self.commands(importFile: importFile) {
            let run = try await CLI.run(command, queue: path, ["--busy-timeout", "100ms"])
            #expect(run.exitCode == 1, "\(command): \(run)", sourceLocation: sourceLocation)
            #expect(run.output.isEmpty, "\(command): \(run)", sourceLocation: sourceLocation)
            #expect(run.errorLines == ["apm-queue: " + message], "\(command): \(run)", sourceLocation: sourceLocation)
        }
    }

    @Test("a missing file: every command says so, and none creates it")
    func missing() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("absent/queue.sqlite")
        try await expectEveryCommandFails(path, dir: dir, message: "queue file \(path) does not exist")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: dir.file("absent")))
    }

    @Test("a text file and another program's SQLite database are not queues; left untouched")
    func notAQueue() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for (name, make) in [("notes.txt", DamagedFiles.text), ("other.db", DamagedFiles.foreignDatabase)] {
            let path = dir.file(name)
            try make(path)
            let before = try fileBytes(path)
            try await expectEveryCommandFails(
                path, dir: dir,
                message: "\(path) is not an APM event queue (not an SQLite database, or one made by another program)")
            #expect(try fileBytes(path) == before)
        }
    }

    @Test("a corrupt queue file: every command reports it; the file is not moved or changed")
    func corrupt() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("queue.sqlite")
        try DamagedFiles.corrupt(at: path)
        let before = try fileBytes(path)
        try await expectEveryCommandFails(path, dir: dir, message: "queue file \(path) is corrupt")
        #expect(try fileBytes(path) == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.contains(".corrupt-") }, "\(names)")
    }

    @Test("a file from a newer agent (user_version above the binary's) is refused and left untouched")
    func newer() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("queue.sqlite")
        try DamagedFiles.newer(at: path)
        let before = try fileBytes(path)
        try await expectEveryCommandFails(
            path, dir: dir,
            message:
                "queue schema version 99 is newer than this binary supports (\(EventQueue.currentSchemaVersion)); the file was left untouched"
        )
        #expect(try fileBytes(path) == before)
    }

    @Test("a file locked by another connection (BEGIN EXCLUSIVE) fails after the busy timeout")
    func locked() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("queue.sqlite")
        try DamagedFiles.queue(at: path)
        let blocker = try DamagedFiles.lockExclusively(path)
        defer { blocker.close() }
        let started = ContinuousClock.now
        try await expectEveryCommandFails(
            path, dir: dir, message: "queue file \(path) is locked by another process beyond the busy timeout")
        #expect(ContinuousClock.now - started < .seconds(30))
        try blocker.execute("ROLLBACK")
        blocker.close()
        let stats = try await CLI.run(["stats", "--json"], queue: path).json()
        #expect(stats["events"] as? Int == 20)
        #expect((stats["counters"] as? [String: Int])?["blocker"] == nil)
    }

    @Test("a file at an older schema: check warns about pending migrations, the other commands refuse")
    func older() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("queue.sqlite")
        try DamagedFiles.older(at: path, version: 1)
        let before = try fileBytes(path)
        let check = try await CLI.run(["check", "--json"], queue: path)
        #expect(check.exitCode == 0, "\(check)")
        let checks = try #require(try check.json()["checks"] as? [[String: String]])
        #expect(
            checks.first { $0["name"] == "schema" }?["detail"] == "version 1 (this binary: \(EventQueue.currentSchemaVersion))")
        #expect(checks.first { $0["name"] == "migrations" }?["status"] == "warn")
        #expect(checks.first { $0["name"] == "migrations" }?["detail"]?.hasPrefix("pending: 2 queue_totals") == true)
        for command in [["stats"], ["list"], ["export"], ["purge", "--all", "--yes"]] {
            let run = try await CLI.run(command, queue: path)
            #expect(run.exitCode == 1, "\(run)")
            #expect(
                run.errorLines == [
                    "apm-queue: queue schema version 1 is older than this binary's (\(EventQueue.currentSchemaVersion)); start the application to migrate it, or use the apm-queue of its agent version"
                ])
        }
        #expect(try fileBytes(path) == before)

        let empty = dir.file("empty.sqlite")
        try Data().write(to: URL(fileURLWithPath: empty))
        let run = try await CLI.run(["stats"], queue: empty)
        #expect(run.exitCode == 1)
        #expect(run.errorLines == ["apm-queue: queue file \(empty) is empty: no agent has initialized it yet"])
    }

    @Test("usage errors exit 2 with one line naming the command's help; --help exits 0")
    func usage() async throws {
        for arguments in [
            ["frobnicate"], ["stats", "--jsn"], ["dead-letters", "list", "--limit", "x"], ["stats", "--busy-timeout", "soon"],
        ] {
            let run = try await CLI.run(arguments)
            #expect(run.exitCode == 2, "\(arguments): \(run)")
            #expect(run.output.isEmpty)
            #expect(run.errorLines.count == 1, "\(run)")
        }
        let help = try await CLI.run(["--help"])
        #expect(help.exitCode == 0)
        #expect(help.output.contains("SUBCOMMANDS:"))
        #expect(fitsEightyColumns(help.lines))
        let sub = try await CLI.run(["purge", "--help"])
        #expect(sub.exitCode == 0)
        #expect(sub.output.contains("--older-than <duration>"))
        let flush = try await CLI.run(["flush", "--help"])
        #expect(flush.exitCode == 0)
        #expect(flush.output.contains("--server-url <url>"))
        #expect(flush.output.contains("--no-verify-server-cert"))
        #expect(fitsEightyColumns(flush.lines), "\(flush)")
        let none = try await CLI.run([])
        #expect(none.exitCode == 0)
        #expect(none.output.contains("USAGE: apm-queue <subcommand>"))
    }
}
