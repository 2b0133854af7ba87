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

import APMStore
import APMTestSupport
import Foundation
import Subprocess
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of a process capturing at a steady rate (`apm-demo`): every event it reported as
/// captured more than one commit interval (plus scheduling slack) before the kill must be in the
/// queue file, and the file must open without repair.
@Suite("Crash durability", .serialized, .childProcessesAlone)
struct CrashDurabilityTests {
    @Test(
        "kill -9 during capture loses nothing reported captured before the crash window",
        arguments: ["batched", "strict"])
    func killNine(durability: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-kill9-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let queuePath = directory.appending(path: "queue.sqlite").path

        let progress = ProgressReports()
        let clock = ContinuousClock()
        let (status, killedAt) = try await withChild(
            try TestBinaries.path(of: "apm-demo"),
            ["--progress", "--rate", "3000", "--duration", "60", "--spans-per-transaction", "5", "--errors", "1000000"],
            environment: [
                "ELASTIC_APM_QUEUE_PATH": queuePath, "ELASTIC_APM_SERVER_URL": "http://127.0.0.1:9",
                "ELASTIC_APM_QUEUE_DURABILITY": durability, "ELASTIC_APM_LOG_LEVEL": "error",
            ]
        ) { demo in
            try await withThrowingTaskGroup(of: Void.self) { reader in
                reader.addTask {
                    for try await line in demo.standardOutput.strings() where line.hasPrefix("captured=") {
                        if let count = Int(line.dropFirst("captured=".count)) { progress.append((clock.now, count)) }
                    }
                }
                // Capture until the demo has reported steady progress (startup may be slow on a loaded
                // machine), then a little longer, then kill it.
                let giveUpAt = clock.now + .seconds(60)
                var stopAt: ContinuousClock.Instant?
                while clock.now < (stopAt ?? giveUpAt) {
                    if stopAt == nil, progress.latest > 1000 { stopAt = clock.now + .milliseconds(700) }
                    try await Task.sleep(for: .milliseconds(2))
                }
                let killedAt = clock.now
                try demo.send(signal: .kill)
                try await reader.waitForAll()
                return killedAt
            }
        }
        #expect(status == .signaled(SIGKILL))

        // The crash window: one commit interval (10 ms) plus slack for a loaded 2-core machine.
        let window = Duration.milliseconds(150)
        let reported = progress.all
        let safe = reported.last(where: { killedAt - $0.at >= window })?.captured ?? 0
        #expect(safe > 300, "too little progress before the kill: \(reported.suffix(3).map(\.captured))")

        let queue = try EventQueue(path: queuePath)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil, "the file needed repair after kill -9")
        #expect(try queue.integrityCheck() == ["ok"])
        let stats = try queue.stats(now: EventQueue.now())
        #expect(stats.events >= safe, "captured \(safe) at least \(window) before kill -9, found \(stats.events) in the queue")
        #expect(stats.metadataRows == 1)
    }
}

/// The `captured=N` lines of a child, with the time each was read, shared between the task that
/// reads them and the test.
private final class ProgressReports: Sendable {
    private let reports = Mutex<[(at: ContinuousClock.Instant, captured: Int)]>([])

    /// Records one report.
    func append(_ report: (at: ContinuousClock.Instant, captured: Int)) {
        reports.withLock { $0.append(report) }
    }

    /// The latest count reported (0 before the first).
    var latest: Int { reports.withLock { $0.last?.captured ?? 0 } }

    /// Every report, oldest first.
    var all: [(at: ContinuousClock.Instant, captured: Int)] { reports.withLock { $0 } }
}
