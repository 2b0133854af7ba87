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

@Suite("apm-queue purge", .timeLimit(.minutes(2)), .childProcesses)
struct PurgeTests {
    private func stats(_ path: String) async throws -> [String: Any] {
        try await CLI.run(["stats", "--json"], queue: path).json()
    }

    @Test("without --yes and without a terminal it refuses (exit 2) and removes nothing")
    func refusesWithoutConfirmation() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let before = try fileBytes(f.path)
        for arguments in [["--kind", "span"], ["--all"], ["--dead-letters"], ["--older-than", "1h"]] {
            let run = try await CLI.run(["purge"] + arguments, queue: f.path)
            #expect(run.exitCode == 2, "\(arguments): \(run)")
            #expect(run.output.isEmpty)
            #expect(
                run.errorLines == [
                    "apm-queue: not confirmed: standard input is not a terminal; pass --yes to proceed (nothing was removed)"
                ])
        }
        let piped = try await CLI.run(["purge", "--all"], queue: f.path, input: .bytes(Array("y\n".utf8)))
        #expect(piped.exitCode == 2)
        #expect(try fileBytes(f.path) == before)
        #expect(try await stats(f.path)["events"] as? Int == 12)
    }

    @Test("--kind --yes removes the events of that kind and says so")
    func byKind() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["purge", "--kind", "span", "--yes"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["removed 7 span events"])
        let after = try await stats(f.path)
        #expect(after["by_kind"] as? [String: Int] == ["transaction": 2, "error": 2, "metricset": 1])
        #expect((after["counters"] as? [String: Int])?["purged"] == 7)
        #expect(after["dead_letters"] as? Int == 2)
    }

    @Test("--older-than removes only events created before the cutoff, leased ones included")
    func olderThan() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["purge", "--older-than", "1h", "-y"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["removed 5 events older than 1h"])
        let after = try await stats(f.path)
        #expect(after["events"] as? Int == 7)
        #expect(after["leases_held"] as? Int == 0)
        #expect(after["runs"] as? Int == 2)  // the purged run's metadata went with its events
        let combined = try await CLI.run(["purge", "--older-than", "1m", "--kind", "error", "--yes"], queue: f.path)
        #expect(combined.lines == ["removed 1 error event older than 1m"])
        let nothing = try await CLI.run(["purge", "--older-than", "1d", "--yes"], queue: f.path)
        #expect(nothing.exitCode == 0)
        #expect(nothing.lines == ["nothing to purge"])
    }

    @Test("--all and --dead-letters empty the queue and the dead letters")
    func everything() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let run = try await CLI.run(["purge", "--all", "--dead-letters", "--yes"], queue: f.path)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["removed 12 events and 2 dead letters"])
        let after = try await stats(f.path)
        #expect(after["events"] as? Int == 0)
        #expect(after["dead_letters"] as? Int == 0)
        #expect(after["runs"] as? Int == 0)
        #expect((after["counters"] as? [String: Int])?["purged"] == 12)
        #expect(after["sent"] as? Int == 120)
        let config = try await CLI.run(["config", "--json"], queue: f.path).json()
        #expect((config["configs"] as? [Any])?.count == 1)
    }

    @Test("contradictory or missing selections are usage errors (exit 2)")
    func usage() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        for arguments in [
            [], ["--yes"], ["--all", "--kind", "span"], ["--all", "--older-than", "1h"], ["--older-than", "yesterday"],
        ] {
            let run = try await CLI.run(["purge"] + arguments, queue: f.path)
            #expect(run.exitCode == 2, "\(arguments): \(run)")
            #expect(run.errorLines.count == 1)
            #expect(run.error.contains("'apm-queue purge --help'"))
        }
        #expect(try await stats(f.path)["events"] as? Int == 12)
    }

    @Test("on a terminal it asks y/N: anything but yes removes nothing (exit 1), y removes")
    func asksOnTerminal() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        for answer in ["\n", "n\n", "nope\n"] {
            let terminal = try PseudoTerminal()
            defer { terminal.close() }
            terminal.type(answer)
            let run = try await CLI.run(["purge", "--kind", "error"], queue: f.path, input: .fileDescriptor(terminal.terminal))
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.error.hasPrefix("Delete 2 error events ("))
            #expect(run.error.contains(" from \(f.path)? [y/N] apm-queue: not confirmed; nothing was removed"))
            #expect(try await stats(f.path)["events"] as? Int == 12)
        }
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        terminal.type("y\n")
        let run = try await CLI.run(["purge", "--kind", "error"], queue: f.path, input: .fileDescriptor(terminal.terminal))
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.lines == ["removed 2 error events"])
        #expect(try await stats(f.path)["events"] as? Int == 10)
    }
}
