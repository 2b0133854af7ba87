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

@Suite("apm-queue export and import", .timeLimit(.minutes(2)), .childProcesses)
struct ExportImportTests {
    @Test("export writes each run's metadata line, then its events, byte for byte; no dead letters")
    func exportToStandardOutput() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let before = try await CLI.run(["stats", "--json"], queue: f.path).json()
        let run = try await CLI.run(["export"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.error.isEmpty)
        #expect(run.output == f.expectedExport)
        #expect(!run.output.contains("carts"))  // the dead-lettered span
        // The queue is unchanged.
        let after = try await CLI.run(["stats", "--json"], queue: f.path).json()
        #expect(after["events"] as? Int == before["events"] as? Int)
        #expect(after["leases_held"] as? Int == 1)
    }

    @Test("export --output writes a private file and reports what it wrote")
    func exportToFile() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let out = f.dir.file("export.ndjson")
        let run = try await CLI.run(["export", "--output", out], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(try fileBytes(out) == Array(f.expectedExport.utf8))
        #expect(mode(out) == 0o600)
        let kibibytes = (Double(f.expectedExport.utf8.count) / 1024 * 10).rounded() / 10
        #expect(run.lines == ["exported 12 events of 2 runs (\(kibibytes) KiB) to \(out)"])
        let unwritable = try await CLI.run(["export", "-o", f.dir.file("no/such/dir/x.ndjson")], queue: f.path)
        #expect(unwritable.exitCode == 1)
        #expect(unwritable.errorLines.count == 1)
        #expect(unwritable.error.contains("cannot create"))
    }

    @Test("export → import --create into a new queue → export is byte-identical")
    func roundTrip() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let first = f.dir.file("first.ndjson")
        #expect(try await CLI.run(["export", "-o", first], queue: f.path).exitCode == 0)
        let copy = f.dir.file("copy/queue.sqlite")
        let missing = try await CLI.run(["import", first], queue: copy)
        #expect(missing.exitCode == 1)
        #expect(missing.errorLines == ["apm-queue: queue file \(copy) does not exist"])

        let imported = try await CLI.run(["import", first, "--create"], queue: copy)
        #expect(imported.exitCode == 0, "\(imported)")
        #expect(imported.lines == ["imported 12 events (error 2, metricset 1, span 7, transaction 2) in 2 runs"])
        #expect(mode(copy) == 0o600)
        let again = try await CLI.run(["export"], queue: copy)
        #expect(again.exitCode == 0)
        #expect(Array(again.output.utf8) == (try fileBytes(first)))
        let stats = try await CLI.run(["stats", "--json"], queue: copy).json()
        #expect(stats["by_kind"] as? [String: Int] == f.byKind)
        #expect(stats["runs"] as? Int == 2)
        #expect(stats["leases_held"] as? Int == 0)
    }

    @Test("import appends to an existing queue, reading standard input with '-'")
    func importAppends() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let lines = f.metadataLines[1] + "\n" + f.eventLines[1].joined(separator: "\n") + "\n"
        let run = try await CLI.run(["import", "-"], queue: f.path, input: .bytes(Array(lines.utf8)))
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["imported 7 events (error 1, metricset 1, span 4, transaction 1) in 1 run"])
        let stats = try await CLI.run(["stats", "--json"], queue: f.path).json()
        #expect(stats["events"] as? Int == 19)
        #expect(stats["runs"] as? Int == 4)
        let export = try await CLI.run(["export"], queue: f.path).output
        #expect(export == f.expectedExport + lines)
    }

    @Test("import accepts CRLF line ends and blank lines, and skips metadata lines without events")
    func importTolerates() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let file = f.dir.file("in.ndjson")
        let text = f.metadataLines[0] + "\r\n\r\n" + f.metadataLines[1] + "\r\n" + f.eventLines[1][0] + "\r\n\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let run = try await CLI.run(["import", file], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["imported 1 event (transaction 1) in 1 run; skipped 1 metadata line without events"])
        #expect(
            try await CLI.run(["export"], queue: f.path).output.hasSuffix(f.metadataLines[1] + "\n" + f.eventLines[1][0] + "\n"))
    }

    @Test("import refuses a file with any bad line, says which, and imports nothing")
    func importRefusesGarbage() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let meta = f.metadataLines[0]
        let span = f.eventLines[0][1]
        let cases: [(String, String)] = [
            ("\(meta)\n\(span)\nhello world\n", "line 3: not valid JSON"),
            ("\(meta)\n\(span)\n[1,2]\n", "line 3: not a JSON object"),
            ("\(meta)\n{\"span\":{},\"error\":{}}\n", "line 2: a JSON object with 2 root keys; each line needs exactly one"),
            ("\(meta)\n{}\n", "line 2: a JSON object with 0 root keys"),
            ("\(meta)\n{\"spam\":{}}\n", "line 2: unknown root key \"spam\""),
            ("\(meta)\n{\"span\":42}\n", "line 2: the value of \"span\" is not an object"),
            ("\(span)\n\(meta)\n", "line 1: a span event comes before any metadata line"),
            ("\(meta)\n\(span.dropLast())\n", "line 2: not valid JSON (unexpected end of input"),
            ("\(meta)\n", "the file holds no events"),
            ("", "the file holds no events"),
        ]
        let before = try fileBytes(f.path)
        for (index, (contents, message)) in cases.enumerated() {
            let file = f.dir.file("bad-\(index).ndjson")
            try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
            let run = try await CLI.run(["import", file], queue: f.path)
            #expect(run.exitCode == 1, "\(index): \(run)")
            #expect(run.output.isEmpty)
            #expect(run.errorLines.count == 1, "\(run)")
            #expect(run.error.hasPrefix("apm-queue: cannot import \(file): \(message)"), "\(run)")
            #expect(run.error.hasSuffix("; nothing was imported\n"))
        }
        let binary = f.dir.file("binary.ndjson")
        try Data([0xFF, 0xFE, 0x00, 0x7B]).write(to: URL(fileURLWithPath: binary))
        #expect(try await CLI.run(["import", binary], queue: f.path).exitCode == 1)
        #expect(try fileBytes(f.path) == before)
        #expect(try await CLI.run(["stats", "--json"], queue: f.path).json()["events"] as? Int == 12)

        let absent = try await CLI.run(["import", f.dir.file("absent.ndjson")], queue: f.path)
        #expect(absent.exitCode == 1)
        #expect(absent.errorLines == ["apm-queue: cannot read \(f.dir.file("absent.ndjson")): No such file or directory"])
        let noFile = try await CLI.run(["import"], queue: f.path)
        #expect(noFile.exitCode == 2)
    }
}
