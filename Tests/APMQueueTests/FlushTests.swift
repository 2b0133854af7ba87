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

import APMTestSupport
import Foundation
import Testing
@testable import APMStore

@Suite("apm-queue flush", .timeLimit(.minutes(2)), .childProcesses)
struct FlushTests {
    /// A lease owner of another process, as the agent writes them.
    private static let otherOwner = "checkout/shop-1/4242/9f3a0c1d"

    /// `apm-queue flush --queue <fixture> --server-url <server> <more…>`.
    private func flush(
        _ fixture: FlushFixture, _ server: LoopbackIntakeServer, _ more: [String] = [], environment: [String: String] = [:]
    ) async throws -> CLI.Run {
        try await CLI.run(["flush", "--queue", fixture.path, "--server-url", server.url] + more, environment: environment)
    }

    /// The counts of a plain progress line, `flushed 1200/5000 events`.
    private func progress(_ line: String) -> (flushed: Int, total: Int)? {
        guard let match = line.wholeMatch(of: /flushed (\d+)\/(\d+) events/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    @Test("every event reaches the server exactly once with its run's metadata; the queue is empty; exit 0")
    func deliversEveryEventOnce() async throws {
        // About 1.4 MB of lines: more than one request of api_request_size (768 KiB).
        let f = try FlushFixture(eventsPerRun: [700, 600], padding: 800)
        defer { f.remove() }
        try await withServer { server in
            let run = try await flush(f, server)
            #expect(run.exitCode == 0, "\(run)")
            #expect(run.error.isEmpty, "\(run)")

            #expect(server.events.count == f.allLines.count)
            #expect(server.events == f.allLines)
            let intake = server.intakeRequests
            #expect(intake.count >= 2)
            for request in intake {
                let runIndex = try #require(f.metadataLines.firstIndex(of: request.metadata ?? ""))
                let lines = Set(f.eventLines[runIndex])
                #expect(request.events.allSatisfy { lines.contains($0) })
                #expect(request.header("User-Agent") == "apm-agent-swift/0.1.0 (apm-queue)")
                #expect(request.header("Authorization") == nil)
            }
            #expect(try f.remaining().isEmpty)

            #expect(run.lines.contains("sent          1,300 events"), "\(run)")
            #expect(run.lines.contains("dead-lettered 0 events"))
            #expect(run.lines.contains("remaining     0 events"))
            #expect(run.lines.contains("requests      \(intake.count)"))
            #expect(run.lines.contains { $0.hasPrefix("time          ") })
            let stats = try await CLI.run(["stats", "--json"], queue: f.path).json()
            #expect(stats["events"] as? Int == 0)
            #expect(stats["leases_held"] as? Int == 0)
            #expect((stats["counters"] as? [String: Int])?["sent"] == 1_300)
        }
    }

    @Test("standard output that is not a terminal gets plain progress lines, about one a second, then the summary")
    func plainProgressLines() async throws {
        // About 2.6 MB: four requests or more, each answered after 400 ms.
        let f = try FlushFixture(eventsPerRun: [3_000], padding: 700)
        defer { f.remove() }
        try await withServer { server in
            try await server.setMode(.slow(milliseconds: 400))
            let started = ContinuousClock.now
            let run = try await flush(f, server)
            let elapsed = ContinuousClock.now - started
            #expect(run.exitCode == 0, "\(run)")
            #expect(!run.output.contains("\r") && !run.output.contains("\u{1B}"))
            let counts = run.lines.compactMap(progress)
            let summary = run.lines.filter { progress($0) == nil }
            #expect(run.lines.prefix(counts.count).allSatisfy { progress($0) != nil }, "progress comes first: \(run)")
            #expect(summary.first == "sent          3,000 events", "\(run)")
            #expect(counts.count >= 2, "\(run)")
            #expect(counts.allSatisfy { $0.total == 3_000 })
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0.flushed < $1.flushed })
            #expect(counts.last?.flushed == 3_000)
            #expect(Int64(counts.count) <= elapsed.components.seconds + 3, "at most about one line a second: \(run)")
        }
    }

    @Test("server down: exit 3 at --timeout with the remaining count; every row still in the file, not leased")
    func serverDown() async throws {
        let f = try FlushFixture(eventsPerRun: [5, 7])
        defer { f.remove() }
        try await withServer { server in
            try await server.setMode(.down)
            let started = ContinuousClock.now
            let run = try await flush(f, server, ["--timeout", "2s"])
            let elapsed = ContinuousClock.now - started
            #expect(run.exitCode == 3, "\(run)")
            #expect(elapsed >= .seconds(2) && elapsed < .seconds(30), "\(elapsed)")
            #expect(run.lines.contains("sent          0 events"), "\(run)")
            #expect(run.lines.contains("remaining     12 events"), "\(run)")
            #expect(run.errorLines.contains { $0.hasPrefix("apm-queue: APM Server unreachable:") }, "\(run)")
            #expect(run.errorLines.last == "apm-queue: 12 events not flushed")
            let rows = try f.remaining()
            // The sender merges waiting blocks while it backs off, so ids may change; the lines may not.
            #expect(rows.map { String(decoding: $0.event.body, as: UTF8.self) } == f.allLines)
            #expect(rows.allSatisfy { $0.leaseOwner == nil })
            #expect(server.events.isEmpty)
        }
    }

    @Test("a 400 rejecting one line: that line is a dead letter, the others are sent, the queue is empty; exit 0")
    func rejectedLine() async throws {
        let f = try FlushFixture(eventsPerRun: [6], marked: [4])
        defer { f.remove() }
        try await withServer { server in
            try await server.setMode(.reject { $0.contains(" bad") })
            let run = try await flush(f, server)
            #expect(run.exitCode == 0, "\(run)")
            let bad = f.eventLines[0][3]
            #expect(server.events == f.allLines.filter { $0 != bad })
            #expect(try f.remaining().isEmpty)
            let queue = try f.open()
            defer { queue.close() }
            let letters = try queue.deadLetters(limit: 10)
            #expect(letters.count == 1)
            #expect(letters.first?.body.map { String(decoding: $0, as: UTF8.self) } == bad)
            #expect(letters.first?.eventID == f.eventIDs[3])
            #expect(letters.first?.status == 400)
            #expect(run.lines.contains("sent          5 events"), "\(run)")
            #expect(run.lines.contains("dead-lettered 1 event"))
            #expect(run.lines.contains("remaining     0 events"))
            #expect(run.lines.contains("requests      1 (1 failed)"))
            #expect(run.errorLines.contains { $0.contains("rejected 1 of 6 events (HTTP 400)") }, "\(run)")
        }
    }

    @Test("--secret-token, --api-key and their variables reach the Authorization header, never the output")
    func credentials() async throws {
        let token = "t0ken-Zq81Xv"
        let key = "a2V5LWlkOmtleS1zZWNyZXQ9"
        let fixtures = try (0..<3).map { _ in try FlushFixture(eventsPerRun: [3]) }
        defer { fixtures.forEach { $0.remove() } }
        try await withServer { server in
            let byFlag = try await flush(fixtures[0], server, ["--secret-token", token])
            #expect(byFlag.exitCode == 0, "\(byFlag)")
            #expect(server.intakeRequests.last?.header("Authorization") == "Bearer \(token)")

            // From the environment, the server URL too; the API key wins over the token.
            let byEnvironment = try await CLI.run(
                ["flush", "--queue", fixtures[1].path],
                environment: [
                    "ELASTIC_APM_SERVER_URL": server.url, "ELASTIC_APM_API_KEY": key, "ELASTIC_APM_SECRET_TOKEN": token,
                ])
            #expect(byEnvironment.exitCode == 0, "\(byEnvironment)")
            #expect(server.intakeRequests.last?.header("Authorization") == "ApiKey \(key)")

            // Refused, with the header echoed in the answer: the warning shows it redacted.
            try await server.setMode(.auth)
            let refused = try await flush(fixtures[2], server, ["--api-key", key, "--timeout", "2s"])
            #expect(refused.exitCode == 3, "\(refused)")
            #expect(server.intakeRequests.last?.header("Authorization") == "ApiKey \(key)")
            #expect(
                refused.errorLines.contains { $0.contains("refused the agent's credentials") && $0.contains("[REDACTED]") },
                "\(refused)")
            #expect(try fixtures[2].remaining().count == 3)

            for run in [byFlag, byEnvironment, refused] {
                for secret in [token, key] {
                    #expect(!run.output.contains(secret), "\(run)")
                    #expect(!run.error.contains(secret), "\(run)")
                }
            }
        }
    }

    @Test("rows another process holds are not sent and are reported remaining (exit 3); their lease is untouched")
    func leasedElsewhere() async throws {
        let f = try FlushFixture(eventsPerRun: [10])
        defer { f.remove() }
        let queue = try f.open()
        let held = try #require(
            try queue.claimBlocks(
                owner: Self.otherOwner, maxBytes: 1 << 20, maxEvents: 3, lease: .seconds(3_600), now: EventQueue.now()))
        queue.close()
        try await withServer { server in
            let run = try await flush(f, server, ["--timeout", "2s"])
            #expect(run.exitCode == 3, "\(run)")
            #expect(server.events == Array(f.allLines.dropFirst(3)))
            #expect(run.lines.contains("sent          7 events"), "\(run)")
            #expect(run.lines.contains("remaining     3 events (3 leased by another sender)"), "\(run)")
            #expect(run.errorLines.last == "apm-queue: 3 events not flushed")
            let rows = try f.remaining()
            #expect(rows.map(\.event.id) == held.ids.map { EventID.make(block: $0, line: 0) })
            #expect(rows.allSatisfy { $0.leaseOwner == Self.otherOwner })
        }
    }

    @Test("HTTPS: a CA file trusts the server, --no-verify-server-cert skips the check, an unknown CA sends nothing")
    func tls() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let ca = dir.file("ca.pem")
        try TestCertificate.certificatePEM.write(toFile: ca, atomically: true, encoding: .utf8)
        let fixtures = try (0..<3).map { _ in try FlushFixture(eventsPerRun: [2]) }
        defer { fixtures.forEach { $0.remove() } }
        try await withServer(tls: true) { server in
            let untrusted = try await flush(fixtures[0], server, ["--timeout", "2s"])
            #expect(untrusted.exitCode == 3, "\(untrusted)")
            #expect(server.events.isEmpty)

            let trusted = try await flush(fixtures[1], server, environment: ["ELASTIC_APM_SERVER_CA_CERT_FILE": ca])
            #expect(trusted.exitCode == 0, "\(trusted)")
            #expect(server.events == fixtures[1].allLines)

            let unverified = try await flush(
                fixtures[2], server, ["--no-verify-server-cert"], environment: ["ELASTIC_APM_VERIFY_SERVER_CERT": "true"])
            #expect(unverified.exitCode == 0, "\(unverified)")
            #expect(server.events == fixtures[1].allLines + fixtures[2].allLines)

            let missing = try await flush(fixtures[0], server, ["--server-ca-cert-file", dir.file("absent.pem")])
            #expect(missing.exitCode == 1, "\(missing)")
            #expect(missing.output.isEmpty)
            #expect(missing.errorLines.count == 1)
            #expect(missing.error.hasPrefix("apm-queue: cannot read the server CA certificate file '\(dir.file("absent.pem"))'"))
        }
    }

    @Test("an empty queue: no request, exit 0; invalid settings are usage errors (exit 2) naming the culprit")
    func emptyQueueAndUsage() async throws {
        let f = try FlushFixture(eventsPerRun: [])
        defer { f.remove() }
        try await withServer { server in
            let run = try await flush(f, server)
            #expect(run.exitCode == 0, "\(run)")
            #expect(
                run.lines.prefix(4) == [
                    "sent          0 events", "dead-lettered 0 events", "remaining     0 events", "requests      0",
                ])
            #expect(server.requests.isEmpty)
        }
        let cases: [([String], [String: String], String)] = [
            (["--server-url", "ftp://apm.example.com"], [:], "invalid APM Server URL 'ftp://apm.example.com'"),
            (["--timeout", "soon"], [:], "--timeout"),
            ([], ["ELASTIC_APM_VERIFY_SERVER_CERT": "maybe"], "ELASTIC_APM_VERIFY_SERVER_CERT"),
            ([], ["ELASTIC_APM_SERVER_TIMEOUT": "fast"], "ELASTIC_APM_SERVER_TIMEOUT"),
        ]
        for (arguments, environment, culprit) in cases {
            let run = try await CLI.run(["flush", "--queue", f.path] + arguments, environment: environment)
            #expect(run.exitCode == 2, "\(arguments) \(environment): \(run)")
            #expect(run.output.isEmpty)
            #expect(run.errorLines.count == 1 && run.error.contains(culprit), "\(run)")
        }
    }
}
