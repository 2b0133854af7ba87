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

@Suite("apm-queue config and dead-letters", .timeLimit(.minutes(2)), .childProcesses)
struct ConfigDeadLetterTests {
    @Test("config shows each cached central configuration with its settings pretty-printed")
    func config() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["config"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let lines = run.lines
        #expect(Array(lines.prefix(3)) == ["service       checkout", "environment   production", "etag          \"4b1d\""])
        #expect(lines.contains { $0.hasPrefix("fetched       ") && $0.hasSuffix("(1m 30s ago)") })
        #expect(lines.contains("max age       30s"))
        #expect(lines.contains { $0.hasPrefix("applied       ") && $0.hasSuffix("(1m 29s ago)") })
        #expect(
            Array(lines.suffix(5)) == [
                "settings", "  {", "    \"transaction_sample_rate\": \"0.5\",", "    \"capture_body\": \"errors\"", "  }",
            ])
    }

    @Test("config --json: a configs array with service, environment, etag, settings and times")
    func configJSON() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["config", "--json"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let configs = try #require(try run.json()["configs"] as? [[String: Any]])
        #expect(configs.count == 1)
        let config = try #require(configs.first)
        #expect(
            Set(config.keys) == [
                "service", "environment", "etag", "settings", "fetched_at", "age_seconds", "max_age_seconds", "applied_at",
            ])
        #expect(config["service"] as? String == "checkout")
        #expect(config["environment"] as? String == "production")
        #expect(config["etag"] as? String == "\"4b1d\"")
        #expect(config["settings"] as? [String: String] == ["transaction_sample_rate": "0.5", "capture_body": "errors"])
        #expect(config["fetched_at"] as? Int == Int(f.now - 90 * QueueFixture.second))
        #expect(config["applied_at"] as? Int == Int(f.now - 89 * QueueFixture.second))
        #expect(config["max_age_seconds"] as? Int == 30)
        let age = try #require(config["age_seconds"] as? Double)
        #expect(age >= 90 && age < 150)
    }

    @Test("config without a cached configuration says so")
    func configEmpty() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try EventQueue(path: path).close()
        #expect(try await CLI.run(["config"], queue: path).lines == ["no cached central configuration"])
        #expect(try await CLI.run(["config", "--json"], queue: path).output == "{\"configs\":[]}\n")
    }

    @Test("dead-letters list shows status, kind, age and reason; --json has the row fields and the event")
    func list() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["dead-letters", "list"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(fitsEightyColumns(run.lines))
        #expect(
            run.lines == [
                "ID  STATUS  KIND   AGE  REASON",
                " \(f.deadLetterIDs[1])     400  error   1m  error: exception.message too long",
                " \(f.deadLetterIDs[0])     400  span    1m  span.duration: must be >= 0",
                "2 of 2 dead letters, newest first",
            ])
        let json = try await CLI.run(["dead-letters", "list", "--oldest", "--json", "--limit", "1"], queue: f.path)
        let rows = try json.ndjson()
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(
            Set(row.keys) == [
                "id", "event_id", "metadata_id", "kind", "created_at", "rejected_at", "age_seconds", "status", "reason", "event",
            ])
        #expect(row["id"] as? Int == Int(f.deadLetterIDs[0]))
        #expect(row["status"] as? Int == 400)
        #expect(row["kind"] as? String == "span")
        #expect(row["reason"] as? String == "span.duration: must be >= 0")
        #expect(((row["event"] as? [String: Any])?["span"] as? [String: Any])?["name"] as? String == "SELECT FROM carts")
    }

    @Test("dead-letters requeue puts the given ones back at the end of the queue")
    func requeue() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["dead-letters", "requeue", String(f.deadLetterIDs[0])], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["requeued 1 dead letter"])
        let stats = try await CLI.run(["stats", "--json"], queue: f.path).json()
        #expect(stats["events"] as? Int == 13)
        #expect(stats["dead_letters"] as? Int == 1)
        let newest = try await CLI.run(["list", "--limit", "1", "--json"], queue: f.path).ndjson()
        #expect(
            ((newest.first?["event"] as? [String: Any])?["span"] as? [String: Any])?["name"] as? String == "SELECT FROM carts")
        #expect(newest.first?["attempts"] as? Int == 0)
        // The export now sends the requeued event with its own run's metadata, first.
        #expect(
            try await CLI.run(["export"], queue: f.path).output.hasPrefix(
                QueueFixture.metadata(pid: 4100, version: "1.4.0") + "\n"))

        let unknown = try await CLI.run(["dead-letters", "requeue", "999", String(f.deadLetterIDs[1])], queue: f.path)
        #expect(unknown.exitCode == 1)
        #expect(unknown.lines == ["requeued 1 dead letter"])
        #expect(
            unknown.errorLines == ["apm-queue: 1 given id was not requeued (no such dead letter, or its run's metadata is gone)"])
        #expect(try await CLI.run(["stats", "--json"], queue: f.path).json()["dead_letters"] as? Int == 0)
    }

    @Test("dead-letters requeue --all; ids and --all together, or neither, are usage errors")
    func requeueAll() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        for arguments in [[], ["--all", "1"]] {
            let run = try await CLI.run(["dead-letters", "requeue"] + arguments, queue: f.path)
            #expect(run.exitCode == 2, "\(run)")
            #expect(run.error.contains("'apm-queue dead-letters requeue --help'"))
        }
        let run = try await CLI.run(["dead-letters", "requeue", "--all"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["requeued 2 dead letters"])
        #expect(try await CLI.run(["dead-letters", "list"], queue: f.path).lines == ["no dead letters"])
    }

    @Test("dead-letters purge asks for confirmation like purge, then deletes the given ones or all")
    func purge() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let refused = try await CLI.run(["dead-letters", "purge", "--all"], queue: f.path)
        #expect(refused.exitCode == 2)
        #expect(
            refused.errorLines == [
                "apm-queue: not confirmed: standard input is not a terminal; pass --yes to proceed (nothing was removed)"
            ])
        #expect(try await CLI.run(["stats", "--json"], queue: f.path).json()["dead_letters"] as? Int == 2)

        let one = try await CLI.run(["dead-letters", "purge", String(f.deadLetterIDs[1]), "--yes"], queue: f.path)
        #expect(one.exitCode == 0, "\(one)")
        #expect(one.lines == ["removed 1 dead letter"])
        let rest = try await CLI.run(["dead-letters", "purge", "--all", "--yes"], queue: f.path)
        #expect(rest.lines == ["removed 1 dead letter"])
        let stats = try await CLI.run(["stats", "--json"], queue: f.path).json()
        #expect(stats["dead_letters"] as? Int == 0)
        #expect(stats["events"] as? Int == 12)
        #expect(try await CLI.run(["dead-letters", "purge", "--all", "--yes"], queue: f.path).lines == ["no dead letters"])
    }
}
