import APMStore
import APMTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of a process capturing at a steady rate (`apm-demo`): every event it reported as
/// captured more than one commit interval (plus scheduling slack) before the kill must be in the
/// queue file, and the file must open without repair.
@Suite("Crash durability", .serialized)
struct CrashDurabilityTests {
    @Test("kill -9 during capture loses nothing reported captured before the crash window",
          arguments: ["batched", "strict"])
    func killNine(durability: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-kill9-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let queuePath = directory.appending(path: "queue.sqlite").path

        let demo = try ChildProcess(
            try TestBinaries.path(of: "apm-demo"),
            ["--rate", "3000", "--duration", "60", "--spans-per-transaction", "5", "--errors", "1000000"],
            environment: ["ELASTIC_APM_QUEUE_PATH": queuePath, "ELASTIC_APM_SERVER_URL": "http://127.0.0.1:9",
                          "ELASTIC_APM_QUEUE_DURABILITY": durability, "ELASTIC_APM_LOG_LEVEL": "error"])
        var progress: [(at: ContinuousClock.Instant, captured: Int)] = []
        let clock = ContinuousClock()
        // Capture until the demo has reported steady progress (startup may be slow on a loaded
        // machine), then a little longer, then kill it.
        let giveUpAt = clock.now + .seconds(60)
        var stopAt: ContinuousClock.Instant?
        while clock.now < (stopAt ?? giveUpAt) {
            for line in demo.readAvailableLines() where line.hasPrefix("captured=") {
                if let count = Int(line.dropFirst("captured=".count)) { progress.append((clock.now, count)) }
            }
            if stopAt == nil, (progress.last?.captured ?? 0) > 1000 { stopAt = clock.now + .milliseconds(700) }
            try await Task.sleep(for: .milliseconds(2))
        }
        let killedAt = clock.now
        demo.signal(SIGKILL)
        let status = demo.wait(deadline: .now + .seconds(10))
        #expect(ChildProcess.killed(status))

        // The crash window: one commit interval (10 ms) plus slack for a loaded 2-core machine.
        let window = Duration.milliseconds(150)
        let safe = progress.last(where: { killedAt - $0.at >= window })?.captured ?? 0
        #expect(safe > 300, "too little progress before the kill: \(progress.suffix(3).map(\.captured))")

        let queue = try EventQueue(path: queuePath)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil, "the file needed repair after kill -9")
        #expect(try queue.integrityCheck() == ["ok"])
        let stats = try queue.stats(now: EventQueue.now())
        #expect(stats.events >= safe, "captured \(safe) at least \(window) before kill -9, found \(stats.events) in the queue")
        #expect(stats.metadataRows == 1)
    }
}
