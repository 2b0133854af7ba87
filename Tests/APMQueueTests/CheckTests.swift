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
import Synchronization
import APMTestSupport
import Testing
@testable import APMStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("apm-queue check, and commands while an application writes", .timeLimit(.minutes(2)), .childProcesses)
struct CheckTests {
    private static let names = ["integrity", "schema", "migrations", "file mode", "directory mode", "disk space", "write lock"]

    private func checks(_ run: CLI.Run) throws -> [String: [String: String]] {
        let list = try #require(try run.json()["checks"] as? [[String: String]])
        #expect(list.compactMap { $0["name"] } == Self.names)
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] ?? "", $0) })
    }

    @Test("a sound, private queue passes every check (exit 0)")
    func healthy() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let json = try await CLI.run(["check", "--json"], queue: f.path)
        #expect(json.exitCode == 0, "\(json)")
        #expect(try json.json()["ok"] as? Bool == true)
        let checks = try checks(json)
        #expect(checks["integrity"] == ["name": "integrity", "status": "ok", "detail": "ok"])
        #expect(
            checks["schema"]?["detail"]
                == "version \(EventQueue.currentSchemaVersion) (this binary: \(EventQueue.currentSchemaVersion))")
        #expect(checks["migrations"]?["detail"] == "none pending")
        #expect(checks["file mode"]?["status"] == "ok")
        #expect(checks["file mode"]?["detail"]?.hasPrefix("file 0600") == true)
        #expect(checks["directory mode"] == ["name": "directory mode", "status": "ok", "detail": "0700"])
        #expect(checks["disk space"]?["detail"]?.contains(" free of ") == true)
        #expect(checks["write lock"] == ["name": "write lock", "status": "ok", "detail": "free"])

        let human = try await CLI.run(["check"], queue: f.path)
        #expect(human.exitCode == 0)
        #expect(fitsEightyColumns(human.lines))
        #expect(human.lines.first == "OK    integrity       ok")
        #expect(human.lines.last?.hasPrefix("7 checks: ") == true)
        #expect(human.lines.last?.hasSuffix(", 0 failed") == true)
    }

    @Test("loose permissions warn without failing")
    func permissions() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        chmod(f.path, 0o644)
        chmod(f.dir.path, 0o755)
        let run = try await CLI.run(["check", "--json"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let checks = try checks(run)
        #expect(checks["file mode"]?["status"] == "warn")
        #expect(checks["file mode"]?["detail"]?.hasPrefix("file 0644") == true)
        #expect(checks["file mode"]?["detail"]?.hasSuffix("(expected 0600)") == true)
        #expect(checks["directory mode"] == ["name": "directory mode", "status": "warn", "detail": "0755 (expected 0700)"])
        let human = try await CLI.run(["check"], queue: f.path)
        #expect(human.lines.contains("WARN  directory mode  0755 (expected 0700)"))
    }

    @Test("damaged pages fail the integrity check (exit 1)")
    func damaged() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("queue.sqlite")
        try DamagedFiles.damagedPages(at: path)
        let run = try await CLI.run(["check"], queue: path)
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.lines.first?.hasPrefix("FAIL  integrity") == true, "\(run)")
        // What the agent will recover when it next opens the file, read without changing it.
        let salvage = try #require(run.lines.dropFirst().first)
        #expect(salvage.hasPrefix("WARN  salvage"), "\(run)")
        let readable = try #require(salvage.split(separator: " ").compactMap { Int($0.replacing(",", with: "")) }.first)
        #expect(readable > 0 && readable <= 400, "\(salvage)")
        #expect(salvage.contains("readable"))
        let json = try await CLI.run(["check", "--json"], queue: path).json()
        let entries = try #require(json["checks"] as? [[String: Any]])
        let detail = try #require(entries.first { $0["name"] as? String == "salvage" }?["detail"] as? String)
        #expect(detail.contains("quarantines this file at its next start"), "\(detail)")
        #expect(run.lines.last?.hasSuffix(", 1 failed") == true)
        #expect(try await CLI.run(["check", "--json"], queue: path).json()["ok"] as? Bool == false)
    }

    @Test("an application holding the write lock: reads go on, check and writes fail (exit 1), nothing changes")
    func writeLockHeld() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let writer = try DamagedFiles.holdWriteLock(f.path)
        defer { writer.close() }
        for command in [["stats"], ["list"], ["show", String(f.eventIDs[0])], ["export"], ["config"], ["dead-letters", "list"]] {
            let run = try await CLI.run(command, queue: f.path, ["--busy-timeout", "100ms"])
            #expect(run.exitCode == 0, "\(command): \(run)")
        }
        let check = try await CLI.run(["check", "--json"], queue: f.path)
        #expect(check.exitCode == 1, "\(check)")
        #expect(
            try checks(check)["write lock"] == [
                "name": "write lock", "status": "fail", "detail": "held by another process for more than 250ms",
            ])
        for command in [
            ["purge", "--all", "--yes"], ["dead-letters", "requeue", "--all"], ["dead-letters", "purge", "--all", "--yes"],
        ] {
            let run = try await CLI.run(command, queue: f.path, ["--busy-timeout", "100ms"])
            #expect(run.exitCode == 1, "\(command): \(run)")
            #expect(run.errorLines == ["apm-queue: queue file \(f.path) is locked by another process beyond the busy timeout"])
        }
        try writer.execute("COMMIT")
        let stats = try await CLI.run(["stats", "--json"], queue: f.path).json()
        #expect(stats["events"] as? Int == 12)
        #expect(stats["dead_letters"] as? Int == 2)
        #expect((stats["counters"] as? [String: Int])?["writer"] == 1)
    }

    /// Stops the background writer.
    private final class Stop: Sendable {
        let flag = Atomic<Bool>(false)
        let appended = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
    }

    @Test("every read command works while an application appends and a sender claims and acknowledges")
    func concurrentApplication() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let stop = Stop()
        let path = f.path
        let application = Thread {
            do {
                let queue = try EventQueue(path: path)
                defer { queue.close() }
                let run = try queue.registerMetadata(
                    Array(QueueFixture.metadata(pid: 7777, version: "2.0.0").utf8), createdAt: EventQueue.now())
                let body = Array(QueueFixture.span(name: "SELECT 1", type: "db", subtype: "postgresql", duration: "1.0").utf8)
                while !stop.flag.load(ordering: .acquiring) {
                    try queue.append(
                        (0..<50).map { _ in NewEvent(kind: "span", createdAt: EventQueue.now(), body: body) }, metadataID: run,
                        now: EventQueue.now())
                    if let claimed = try queue.claimBlocks(
                        owner: "app-sender", maxBytes: 1 << 20, maxEvents: 20, lease: .seconds(30), now: EventQueue.now())
                    {
                        try queue.acknowledgeBlocks(claimed.ids, owner: "app-sender")
                    }
                    stop.appended.add(50, ordering: .relaxed)
                    usleep(2_000)
                }
            } catch {
                stop.failures.withLock { $0.append("\(error)") }
            }
        }
        application.start()
        defer { stop.flag.store(true, ordering: .releasing) }
        while stop.appended.load(ordering: .relaxed) < 200 && stop.failures.withLock({ $0.isEmpty }) { usleep(5_000) }
        for command in [
            ["stats", "--json"], ["list", "--limit", "50"], ["export"], ["check"], ["dead-letters", "list"], ["config"],
        ] {
            let run = try await CLI.run(command, queue: f.path)
            #expect(run.exitCode == 0, "\(command): \(run)")
            #expect(run.error.isEmpty, "\(command): \(run)")
        }
        let export = try await CLI.run(["export"], queue: f.path)
        for line in export.lines {
            #expect(line.hasPrefix("{\"") && line.hasSuffix("}"))
        }
        let imported = f.dir.file("more.ndjson")
        try Data((f.metadataLines[0] + "\n" + f.eventLines[0][1] + "\n").utf8).write(to: URL(fileURLWithPath: imported))
        #expect(try await CLI.run(["import", imported], queue: f.path).exitCode == 0)
        stop.flag.store(true, ordering: .releasing)
        #expect(stop.failures.withLock { $0 } == [])
    }
}
