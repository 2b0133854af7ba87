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

@Suite("apm-queue stats", .timeLimit(.minutes(2)), .childProcesses)
struct StatsTests {
    @Test("the human summary shows what waits, by kind, ages, leases, dead letters and counters, in 80 columns")
    func human() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["stats"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.error.isEmpty)
        #expect(fitsEightyColumns(run.lines), "\(run)")
        let text = run.output
        #expect(text.contains("waiting       12 events in "))
        #expect(text.contains("from 3 runs"))
        for (kind, count) in f.byKind {
            #expect(run.lines.contains { $0.hasPrefix("  \(kind)") && $0.contains(" \(count) ") }, "\(kind) \(count)")
        }
        #expect(text.contains("oldest        "))
        #expect(run.lines.contains { $0.hasPrefix("oldest") && $0.hasSuffix("(2h ago)") }, "\(run)")
        #expect(run.lines.contains { $0.hasPrefix("newest") && $0.hasSuffix("(5m ago)") }, "\(run)")
        #expect(run.lines.contains("leases held   1"))
        #expect(run.lines.contains("dead letters  2"))
        #expect(run.lines.contains("sent          120"))
        #expect(run.lines.contains("requests      7"))
        #expect(run.lines.contains("rejected      2"))
        #expect(run.lines.contains("dropped       8 (queue 3; queue_max_bytes 5)"))
        #expect(text.contains("mode 0600"))
        #expect(
            text.contains(
                "schema        version \(EventQueue.currentSchemaVersion) (this binary: \(EventQueue.currentSchemaVersion))"))
    }

    @Test("--json prints one object with the documented keys and values")
    func json() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["stats", "--json"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines.count == 1)
        let object = try run.json()
        #expect(
            Set(object.keys) == [
                "path", "events", "bytes", "by_kind", "bytes_by_kind", "oldest_created_at", "newest_created_at",
                "oldest_age_seconds", "newest_age_seconds", "runs", "leases_held", "dead_letters", "sent", "rejected",
                "requests", "dropped", "counters", "schema_version", "binary_schema_version", "file_size", "wal_size",
                "file_mode",
                "raw_bytes", "blocks", "compression_ratio", "disk_bytes_per_event", "dropped_by_kind", "shm_size", "disk_bytes",
                "free_bytes",
            ])
        #expect(object["path"] as? String == f.path)
        #expect(object["events"] as? Int == 12)
        #expect(object["raw_bytes"] as? Int == f.bytes + 12, "the lines and their newlines")
        #expect(object["by_kind"] as? [String: Int] == f.byKind)
        let stored = try #require(object["bytes"] as? Int)
        #expect((object["bytes_by_kind"] as? [String: Int])?.values.reduce(0, +) == stored)
        #expect((object["blocks"] as? Int ?? 0) > 0)
        #expect((object["free_bytes"] as? Int).map { $0 >= 0 && $0 <= object["file_size"] as? Int ?? 0 } == true)
        #expect((object["compression_ratio"] as? Double ?? 0) > 0)
        #expect(
            object["disk_bytes"] as? Int == (object["file_size"] as? Int ?? 0) + (object["wal_size"] as? Int ?? 0)
                + (object["shm_size"] as? Int ?? 0))
        let oldestAge = try #require(object["oldest_age_seconds"] as? Double)
        #expect(oldestAge >= 7200 && oldestAge < 7200 + 60)
        let newestAge = try #require(object["newest_age_seconds"] as? Double)
        #expect(newestAge >= 299 && newestAge < 300 + 60)
        #expect(object["oldest_created_at"] as? Int == Int(f.now - 7200 * QueueFixture.second))
        #expect(object["runs"] as? Int == 3)
        #expect(object["leases_held"] as? Int == 1)
        #expect(object["dead_letters"] as? Int == 2)
        #expect(object["sent"] as? Int == 120)
        #expect(object["rejected"] as? Int == 2)
        #expect(object["requests"] as? Int == 7)
        #expect(object["dropped"] as? [String: Int] == ["queue": 3, "queue_max_bytes": 5])
        #expect((object["counters"] as? [String: Int])?["dropped.queue"] == 3)
        #expect(object["schema_version"] as? Int == EventQueue.currentSchemaVersion)
        #expect(object["binary_schema_version"] as? Int == EventQueue.currentSchemaVersion)
        #expect((object["file_size"] as? Int ?? 0) > 0)
        #expect(object["wal_size"] is Int)
        #expect(object["file_mode"] as? String == "0600")
    }

    @Test("an empty queue: zero counts, null ages, sent 0 without a counter")
    func empty() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try EventQueue(path: path).close()
        let json = try await CLI.run(["stats", "--json"], queue: path)
        #expect(json.exitCode == 0, "\(json)")
        let object = try json.json()
        #expect(object["events"] as? Int == 0)
        #expect(object["sent"] as? Int == 0)
        #expect(object["oldest_age_seconds"] is NSNull)
        #expect(object["by_kind"] as? [String: Int] == [:])
        #expect(object["dropped"] as? [String: Int] == [:])
        let human = try await CLI.run(["stats"], queue: path)
        #expect(human.exitCode == 0)
        #expect(human.lines.contains("waiting       no events"))
        #expect(!human.output.contains("oldest"))
    }

    @Test("the queue path comes from --queue, else ELASTIC_APM_QUEUE_PATH, else the default location")
    func queuePath() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let fromEnvironment = try await CLI.run(["stats", "--json"], environment: ["ELASTIC_APM_QUEUE_PATH": f.path])
        #expect(fromEnvironment.exitCode == 0, "\(fromEnvironment)")
        #expect(try fromEnvironment.json()["path"] as? String == f.path)

        let state = try TempDir()
        defer { state.remove() }
        let defaultPath = state.path + "/elastic-apm/queue.sqlite"
        try FileManager.default.createDirectory(atPath: state.path + "/elastic-apm", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: f.path, toPath: defaultPath)
        let fromDefault = try await CLI.run(["stats", "--json"], environment: ["XDG_STATE_HOME": state.path])
        #expect(fromDefault.exitCode == 0, "\(fromDefault)")
        #expect(try fromDefault.json()["path"] as? String == defaultPath)

        let missing = try await CLI.run(["stats"])
        #expect(missing.exitCode == 1)
        #expect(
            missing.errorLines == ["apm-queue: queue file /nonexistent-apm-queue-test/elastic-apm/queue.sqlite does not exist"])
    }
}
