import APMTestSupport
import Testing
@testable import APMStore

/// Random sequences of append / claim / ack / release / time passing, against an in-memory model
/// of the queue, on two connections to the same file. Every claim must return exactly what the
/// model predicts; at the end every appended event has been acknowledged exactly once.
@Suite("Property: queue vs model", .timeLimit(.minutes(2)))
struct PropertyTests {
    struct ModelRow {
        var id: Int64
        var metadataID: Int64
        var kind: String
        var body: [UInt8]
        var attempts = 0
        var owner: String?
        var leaseUntil: Int64?
    }

    @Test("random operation sequences lose and duplicate nothing", arguments: [1, 2, 3, 42] as [UInt64])
    func randomSequences(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let queues = [try EventQueue(path: path), try EventQueue(path: path)]
        defer { queues.forEach { $0.close() } }

        // Two runs, each registered (and appended to) through its own connection.
        let runs = [
            (queue: 0, id: try queues[0].registerMetadata(bytes("run-a"), createdAt: t0)),
            (queue: 1, id: try queues[1].registerMetadata(bytes("run-b"), createdAt: t0)),
        ]
        let metadataBodies = [runs[0].id: bytes("run-a"), runs[1].id: bytes("run-b")]
        var model: [Int64: ModelRow] = [:]
        var appended: [String] = []
        var acknowledged: [String] = []
        var held: [String: [Int64]] = [:]  // owner -> ids it believes it holds
        var now = t0
        var serial = 0

        func claimable(at now: Int64) -> [ModelRow] {
            model.values.filter { $0.leaseUntil == nil || $0.leaseUntil! <= now }.sorted { $0.id < $1.id }
        }

        for step in 0..<400 {
            let roll = Int.random(in: 0..<100, using: &random)
            let queue = queues[Int.random(in: 0..<2, using: &random)]
            switch roll {
            case 0..<35:  // append
                let run = runs[Int.random(in: 0..<2, using: &random)]
                let count = Int.random(in: 1...5, using: &random)
                var events: [NewEvent] = []
                for _ in 0..<count {
                    serial += 1
                    let body = "ev-\(serial)-" + String(repeating: "x", count: Int.random(in: 0...40, using: &random))
                    events.append(NewEvent(kind: ["span", "transaction", "error"][serial % 3], createdAt: now, body: bytes(body)))
                    appended.append(body)
                }
                try queues[run.queue].append(events, metadataID: run.id, now: now)
                // The ids are the next ones: read them back oldest-last.
                let newest = try queue.listEvents(order: .newestFirst, limit: count, includeBodies: true).reversed()
                #expect(newest.map(\.event.body) == events.map(\.body), "step \(step)")
                for info in newest {
                    model[info.event.id] = ModelRow(id: info.event.id, metadataID: run.id, kind: info.event.kind, body: info.event.body)
                }
            case 35..<65:  // claim
                let owner = ["s1", "s2", "s3"][Int.random(in: 0..<3, using: &random)]
                let maxEvents = Int.random(in: 1...6, using: &random)
                let maxBytes = Int.random(in: 1...150, using: &random)
                let leaseSeconds = Int64.random(in: 1...20, using: &random)
                // Model: expire leases, then take the oldest run's rows in order within the limits.
                for (id, row) in model where row.leaseUntil != nil && row.leaseUntil! <= now {
                    model[id]!.attempts += 1
                    model[id]!.owner = nil
                    model[id]!.leaseUntil = nil
                }
                let candidates = claimable(at: now)
                var expected: [ModelRow] = []
                if let first = candidates.first {
                    var total = 0
                    for row in candidates where row.metadataID == first.metadataID {
                        if expected.count == maxEvents { break }
                        if !expected.isEmpty && total + row.body.count > maxBytes { break }
                        total += row.body.count
                        expected.append(row)
                    }
                }
                let batch = try queue.claim(owner: owner, maxEvents: maxEvents, maxBytes: maxBytes, lease: .seconds(leaseSeconds), now: now)
                if expected.isEmpty {
                    #expect(batch == nil, "step \(step)")
                } else {
                    let batch = try #require(batch, "step \(step)")
                    #expect(batch.ids == expected.map(\.id), "step \(step)")
                    #expect(batch.events.map(\.body) == expected.map(\.body), "step \(step)")
                    #expect(batch.events.map(\.attempts) == expected.map(\.attempts), "step \(step)")
                    #expect(batch.events.allSatisfy { $0.metadataID == batch.metadataID }, "step \(step)")
                    #expect(batch.metadata == metadataBodies[batch.metadataID], "step \(step)")
                    for id in batch.ids {
                        model[id]!.owner = owner
                        model[id]!.leaseUntil = now + leaseSeconds * second
                    }
                    for id in batch.ids where !(held[owner]?.contains(id) ?? false) {
                        held[owner, default: []].append(id)
                    }
                }
            case 65..<80:  // acknowledge some of what an owner believes it holds
                guard let owner = held.keys.sorted().randomElement(using: &random), let ids = held[owner], !ids.isEmpty else { continue }
                let chosen = Array(ids.shuffled(using: &random).prefix(Int.random(in: 1...ids.count, using: &random)))
                let expected = chosen.filter { model[$0]?.owner == owner }
                let deleted = try queue.acknowledge(chosen, owner: owner)
                #expect(deleted == expected.count, "step \(step)")
                for id in expected {
                    acknowledged.append(text(model[id]!.body))
                    model[id] = nil
                }
                held[owner] = ids.filter { !chosen.contains($0) }
            case 80..<90:  // release
                guard let owner = held.keys.sorted().randomElement(using: &random), let ids = held[owner], !ids.isEmpty else { continue }
                let expected = ids.filter { model[$0]?.owner == owner }
                #expect(try queue.release(ids, owner: owner) == expected.count, "step \(step)")
                for id in expected {
                    model[id]!.attempts += 1
                    model[id]!.owner = nil
                    model[id]!.leaseUntil = nil
                }
                held[owner] = []
            default:  // time passes
                now += Int64.random(in: 1...8, using: &random) * second
            }

            if step % 25 == 0 {
                let stats = try queue.stats(now: now)
                #expect(stats.events == model.count, "step \(step)")
                #expect(stats.bytes == Int64(model.values.reduce(0) { $0 + $1.body.count }), "step \(step)")
                #expect(stats.leasesHeld == model.values.filter { ($0.leaseUntil ?? .min) > now }.count, "step \(step)")
            }
        }

        // Drain everything (far in the future, so every lease has expired) and compare.
        now += 3600 * second
        while let batch = try queues[0].claim(owner: "drain", maxEvents: 50, maxBytes: 1 << 20, lease: .seconds(60), now: now) {
            #expect(try queues[0].acknowledge(batch.ids, owner: "drain") == batch.events.count)
            for stored in batch.events {
                acknowledged.append(text(stored.body))
                #expect(model.removeValue(forKey: stored.id) != nil)
            }
        }
        #expect(model.isEmpty)
        #expect(acknowledged.count == appended.count)
        #expect(Set(acknowledged).count == acknowledged.count, "an event was delivered twice")
        #expect(Set(acknowledged) == Set(appended), "an event was lost")
        let final = try queues[1].stats(now: now)
        #expect(final.events == 0 && final.bytes == 0)
        #expect(try queues[1].integrityCheck() == ["ok"])
    }
}
