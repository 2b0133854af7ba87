import Foundation
import APMTestSupport
import Testing
@testable import APMStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tests with `apm-store-fixture` child processes sharing one queue file.
@Suite("Several processes", .timeLimit(.minutes(3)))
struct MultiProcessTests {
    /// "{"tag":"A","seq":12}" -> "A:12"
    static func key(_ body: String) -> String? {
        guard let tagStart = body.range(of: "\"tag\":\""), let seqStart = body.range(of: "\"seq\":") else { return nil }
        let tag = body[tagStart.upperBound...].prefix { $0 != "\"" }
        let seq = body[seqStart.upperBound...].prefix { $0.isNumber }
        return "\(tag):\(seq)"
    }

    @Test("two processes appending and claiming concurrently deliver every event exactly once")
    func twoWorkers() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("shared/q.sqlite")  // neither child finds a file: both race to create it
        let fixture = try fixturePath()
        let count = 1_000
        let a = try ChildProcess(fixture, ["worker", path, "A", "\(count)", "7", "10"])
        let b = try ChildProcess(fixture, ["worker", path, "B", "\(count)", "5", "13"])
        let deadline = ContinuousClock.Instant.seconds(fromNow: 120)
        let outputA = a.readAllLines(deadline: deadline)
        let outputB = b.readAllLines(deadline: deadline)
        let statusA = a.wait(deadline: .seconds(fromNow: 10))
        let statusB = b.wait(deadline: .seconds(fromNow: 10))
        #expect(ChildProcess.succeeded(statusA), "worker A: status \(statusA), \(outputA.suffix(3))")
        #expect(ChildProcess.succeeded(statusB), "worker B: status \(statusB), \(outputB.suffix(3))")
        #expect(outputA.last == "done" && outputB.last == "done")

        var delivered: [String] = []
        for line in outputA + outputB where line.hasPrefix("acked ") {
            delivered += line.dropFirst(6).split(separator: " ").compactMap { Self.key(String($0)) }
        }
        // Whatever the workers left behind (if one finished early) is drained here.
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        while let batch = try queue.claim(owner: "test", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(60), now: EventQueue.now()) {
            #expect(try queue.acknowledge(batch.ids, owner: "test") == batch.events.count)
            delivered += batch.events.compactMap { Self.key(text($0.body)) }
        }
        let expected = Set((0..<count).map { "A:\($0)" } + (0..<count).map { "B:\($0)" })
        #expect(delivered.count == expected.count, "\(delivered.count) deliveries for \(expected.count) events")
        #expect(Set(delivered) == expected)
        #expect(try queue.stats(now: EventQueue.now()).events == 0)
        #expect(try queue.integrityCheck() == ["ok"])
        #expect(mode(dir.file("shared")) == 0o700)
        #expect(mode(path) == 0o600)
    }

    @Test("rows leased by a process killed with SIGKILL are claimed again after the lease expires")
    func killedLeaseHolder() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let m = try queue.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(queue, (0..<10).map { event("e\($0)") }, run: m)

        let child = try ChildProcess(try fixturePath(), ["hold", path, "doomed", "4", "60000"])
        let line = try #require(child.readLine(deadline: .seconds(fromNow: 60)))
        child.signal(SIGKILL)
        let status = child.wait(deadline: .seconds(fromNow: 10))
        #expect(ChildProcess.killed(status))
        let parts = line.split(separator: " ")
        try #require(parts.count == 3 && parts[0] == "claimed", "unexpected fixture output: \(line)")
        let leaseUntil = try #require(Int64(parts[1]))
        let heldIDs = parts[2].split(separator: ",").compactMap { Int64($0) }
        #expect(heldIDs.count == 4)

        // Before the lease ends, only the other rows are claimable.
        let before = try #require(try queue.claim(owner: "s", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(60), now: leaseUntil - 1))
        #expect(Set(before.ids).isDisjoint(with: heldIDs))
        #expect(before.events.count == 6)
        #expect(try queue.acknowledge(before.ids, owner: "s") == 6)
        #expect(try queue.claim(owner: "s", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(60), now: leaseUntil - 1) == nil)
        // From the lease's end on, the dead process's rows come back, one attempt counted.
        let after = try #require(try queue.claim(owner: "s", maxEvents: 100, maxBytes: 1 << 20, lease: .seconds(60), now: leaseUntil))
        #expect(after.ids == heldIDs)
        #expect(after.events.map { text($0.body) } == ["e0", "e1", "e2", "e3"])
        #expect(after.events.allSatisfy { $0.attempts == 1 })
        #expect(try queue.acknowledge(after.ids, owner: "doomed") == 0)
        #expect(try queue.acknowledge(after.ids, owner: "s") == 4)
    }

    @Test("kill -9 during appends: the file opens without repair and holds every committed row")
    func killDuringAppends() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let child = try ChildProcess(try fixturePath(), ["append", path, "K", "100000000", "50"])
        var committed = -1
        var commits = 0
        let deadline = ContinuousClock.Instant.seconds(fromNow: 90)
        while commits < 40, let line = child.readLine(deadline: deadline) {
            if line.hasPrefix("committed K "), let seq = Int(line.dropFirst(12)) {
                committed = seq
                commits += 1
            }
        }
        child.signal(SIGKILL)
        // Lines written before the kill are still in the pipe.
        for line in child.readAllLines(deadline: .seconds(fromNow: 30)) {
            if line.hasPrefix("committed K "), let seq = Int(line.dropFirst(12)) { committed = max(committed, seq) }
        }
        let status = child.wait(deadline: .seconds(fromNow: 10))
        #expect(ChildProcess.killed(status))
        try #require(commits >= 40, "the child committed only \(commits) batches")

        // openExisting never repairs or quarantines anything.
        let inspector = try EventQueue.openExisting(path: path)
        #expect(try inspector.integrityCheck() == ["ok"])
        var seqs: [Int] = []
        var cursor: ExportCursor?
        while let page = try inspector.exportPage(after: cursor, limit: 1_000) {
            seqs += page.events.compactMap { Self.key(text($0.body)).flatMap { Int($0.dropFirst(2)) } }
            cursor = page.next
        }
        inspector.close()
        #expect(seqs.count == Set(seqs).count, "duplicated rows")
        #expect(Set(0...committed).isSubset(of: Set(seqs)), "committed rows are missing")
        // Rows beyond the last printed commit can only come from the one batch in flight.
        #expect((seqs.max() ?? 0) < committed + 1 + 50)
        #expect(seqs == Array(0..<seqs.count), "rows out of FIFO order or with gaps")

        let log = LogBox()
        let queue = try EventQueue(path: path, logger: log.logger)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil)
        #expect(log.messages.isEmpty)
        #expect(try queue.stats(now: EventQueue.now()).events == seqs.count)
    }
}
