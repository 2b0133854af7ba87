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
import Testing
@testable import APMStore

@Suite("apm-queue list and show", .timeLimit(.minutes(2)), .childProcesses)
struct ListShowTests {
    @Test("list shows the newest events first with a header and a footer, in 80 columns")
    func newestFirst() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["list"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(fitsEightyColumns(run.lines), "\(run)")
        let lines = run.lines
        #expect(
            lines.first?.split(separator: " ").map(String.init) == ["ID", "KIND", "AGE", "SIZE", "TRIES", "LEASE", "SUMMARY"])
        let ids = lines.dropFirst().dropLast().compactMap { Int64($0.split(separator: " ").first ?? "") }
        #expect(ids == f.eventIDs.reversed())
        #expect(lines.last == "12 of 12 events, newest first")
        #expect(lines.contains { $0.contains("POST /checkout (request)") })
        #expect(lines.contains { $0.contains("render order (app.internal)") })
        #expect(lines.contains { $0.contains("2 samples") })
        // The leased transaction shows the time left on its lease.
        let leased = try #require(lines.first { $0.hasPrefix(" \(f.leasedID) ") || $0.hasPrefix("\(f.leasedID) ") })
        #expect(leased.contains("59m"))
        // A long error message is cut to the width with an ellipsis.
        #expect(lines.contains { $0.contains("OrderService.Inventory") && $0.hasSuffix("…") && $0.count == 80 }, "\(lines)")
    }

    @Test("list --oldest --limit N takes the first N in delivery order")
    func oldestLimited() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["list", "--oldest", "--limit", "3"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let ids = run.lines.dropFirst().dropLast().compactMap { Int64($0.split(separator: " ").first ?? "") }
        #expect(ids == Array(f.eventIDs.prefix(3)))
        #expect(run.lines.last == "3 of 12 events, oldest first (--limit for more)")
    }

    @Test("list --kind --json prints one ndjson object per row: row fields and the parsed event")
    func kindJSON() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["list", "--kind", "error", "--json"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let rows = try run.ndjson()
        #expect(rows.count == 2)
        for row in rows {
            #expect(
                Set(row.keys) == [
                    "id", "metadata_id", "kind", "created_at", "age_seconds", "size", "attempts", "lease_owner", "lease_until",
                    "event",
                ])
            #expect(row["kind"] as? String == "error")
            let event = try #require(row["event"] as? [String: Any])
            #expect(Array(event.keys) == ["error"])
            #expect(row["lease_owner"] is NSNull)
        }
        let newest = try #require(rows.first)
        #expect(newest["id"] as? Int == Int(f.eventIDs[10]))
        #expect(newest["size"] as? Int == f.eventLines[1][5].utf8.count)
        #expect(newest["attempts"] as? Int == 0)
        let event = try #require((newest["event"] as? [String: Any])?["error"] as? [String: Any])
        #expect((event["log"] as? [String: Any])?["message"] as? String == "Checkout for customer 7 failed: card declined")
        let age = try #require(newest["age_seconds"] as? Double)
        #expect(age >= 299 && age < 360)

        let leased = try await CLI.run(["list", "--oldest", "--limit", "1", "--json"], queue: f.path).ndjson()
        #expect(leased.first?["lease_owner"] as? String == "sender-2")
        #expect(leased.first?["lease_until"] is Int)
    }

    @Test("list --since keeps only events created within the duration")
    func since() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let recent = try await CLI.run(["list", "--since", "1h", "--json"], queue: f.path)
        #expect(recent.exitCode == 0, "\(recent)")
        #expect(try recent.ndjson().compactMap { $0["id"] as? Int } == f.eventIDs.suffix(7).reversed().map { Int($0) })
        let human = try await CLI.run(["list", "--since", "10m", "--kind", "span"], queue: f.path)
        #expect(human.lines.last == "4 span events created in the last 10m, newest first")
        let none = try await CLI.run(["list", "--since", "30s"], queue: f.path)
        #expect(none.exitCode == 0)
        #expect(none.lines == ["no events created in the last 30s"])
    }

    @Test("list rejects a bad --limit or --since with a usage error (exit 2)")
    func usage() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        for arguments in [["--limit", "0"], ["--since", "soon"], ["--since", "-5m"], ["--frobnicate"]] {
            let run = try await CLI.run(["list"] + arguments, queue: f.path)
            #expect(run.exitCode == 2, "\(arguments): \(run)")
            #expect(run.output.isEmpty)
            #expect(run.errorLines.count == 1)
            #expect(run.error.hasPrefix("apm-queue: "))
            #expect(run.error.contains("'apm-queue list --help'"))
        }
    }

    @Test("show prints the row, the metadata line and the event pretty-printed")
    func show() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let id = f.eventIDs[2]
        let run = try await CLI.run(["show", String(id)], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let lines = run.lines
        #expect(lines.first == "event         \(id) (span)")
        #expect(lines.contains { $0.hasPrefix("created       ") && $0.hasSuffix("(2h ago)") })
        #expect(lines.contains("attempts      0"))
        #expect(lines.contains("lease         none"))
        #expect(lines.contains { $0.hasPrefix("run           ") && $0.contains("registered") })
        let metadataStart = try #require(lines.firstIndex(of: "metadata"))
        let eventStart = try #require(lines.firstIndex(of: "event"))
        let metadata = lines[(metadataStart + 1)..<(eventStart - 1)].joined(separator: "\n")
        let event = lines[(eventStart + 1)...].joined(separator: "\n")
        #expect(metadata.contains("\n    \"service\": {\n      \"name\": \"checkout\","))
        #expect(metadata.contains("\"pid\": 4242"))
        #expect(event.hasPrefix("{\n  \"span\": {\n    \"id\": \"b7ad6b7169203331\","))
        #expect(event.contains("\"duration\": 12.5,"))
        // Pretty-printing keeps the content: parsing both gives the same object.
        let parsed = try JSONSerialization.jsonObject(with: Data(event.utf8)) as? NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(f.eventLines[0][2].utf8)) as? NSDictionary
        #expect(parsed == original)
    }

    @Test("show --json adds the run's metadata row; a leased event shows its lease")
    func showJSON() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["show", String(f.leasedID), "--json"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        let object = try run.json()
        #expect(object["id"] as? Int == Int(f.leasedID))
        #expect(object["lease_owner"] as? String == "sender-2")
        #expect(((object["event"] as? [String: Any])?["transaction"] as? [String: Any])?["name"] as? String == "GET /orders/:id")
        let metadataRow = try #require(object["run"] as? [String: Any])
        #expect(Set(metadataRow.keys) == ["id", "created_at", "metadata"])
        #expect(metadataRow["id"] as? Int == object["metadata_id"] as? Int)
        let line = try #require(metadataRow["metadata"] as? [String: Any])
        #expect(((line["metadata"] as? [String: Any])?["process"] as? [String: Any])?["pid"] as? Int == 4242)

        let human = try await CLI.run(["show", String(f.leasedID)], queue: f.path)
        #expect(human.lines.contains { $0.hasPrefix("lease         held by sender-2, 59m") })
    }

    @Test("show of an unknown id fails (exit 1) and of a non-number is a usage error (exit 2)")
    func showMissing() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let missing = try await CLI.run(["show", "999"], queue: f.path)
        #expect(missing.exitCode == 1)
        #expect(missing.output.isEmpty)
        #expect(
            missing.errorLines == [
                "apm-queue: no event with id 999 in the queue (it may have been sent, purged or dead-lettered)"
            ])
        let notANumber = try await CLI.run(["show", "first"], queue: f.path)
        #expect(notANumber.exitCode == 2)
        #expect(notANumber.errorLines.count == 1)
        let none = try await CLI.run(["show"], queue: f.path)
        #expect(none.exitCode == 2)
    }
}
