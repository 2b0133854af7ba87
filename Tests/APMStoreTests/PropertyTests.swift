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
import Testing
@testable import APMStore

/// Random sequences of append / claim / ack / release / merge / time passing, against an
/// in-memory model of the blocks, on two connections to the same file. Every claim must return
/// exactly what the model predicts; at the end every appended event has been acknowledged
/// exactly once.
@Suite("Property: queue vs model", .timeLimit(.minutes(2)))
struct PropertyTests {
    struct ModelBlock {
        var id: Int64
        var metadataID: Int64
        var kind: String
        var lines: [String]
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
        let options = QueueOptions(mergeAfter: .zero)
        let queues = [try EventQueue(path: path, options: options), try EventQueue(path: path, options: options)]
        defer { queues.forEach { $0.close() } }

        // Two runs, each registered (and appended to) through its own connection.
        let runs = [
            (queue: 0, id: try queues[0].registerMetadata(bytes("run-a"), createdAt: t0)),
            (queue: 1, id: try queues[1].registerMetadata(bytes("run-b"), createdAt: t0)),
        ]
        let metadataBodies = [runs[0].id: bytes("run-a"), runs[1].id: bytes("run-b")]
        var model: [Int64: ModelBlock] = [:]
        var appended: [String] = []
        var acknowledged: [String] = []
        var held: [String: [Int64]] = [:]  // owner -> block ids it believes it holds
        var now = t0
        var serial = 0

        /// Reads every block back into the model's shape (after a merge changed them).
        func reload(_ queue: EventQueue) throws -> [Int64: ModelBlock] {
            var blocks: [Int64: ModelBlock] = [:]
            for info in try queue.listEvents(limit: 1 << 20, includeBodies: true) {
                let id = EventID.block(info.event.id)
                var block =
                    blocks[id]
                    ?? ModelBlock(
                        id: id, metadataID: info.event.metadataID, kind: info.event.kind, lines: [],
                        attempts: info.event.attempts, owner: info.leaseOwner, leaseUntil: info.leaseUntil)
                block.lines.append(text(info.event.body))
                blocks[id] = block
            }
            return blocks
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
                    events.append(
                        NewEvent(kind: ["span", "transaction", "error"][serial % 3], createdAt: now, body: bytes(body)))
                    appended.append(body)
                }
                let before = Set(model.keys)
                try queues[run.queue].append(events, metadataID: run.id, now: now)
                let after = try reload(queue)
                let added = after.filter { !before.contains($0.key) }
                #expect(added.values.reduce(0) { $0 + $1.lines.count } == count, "step \(step)")
                #expect(Set(added.values.flatMap(\.lines)) == Set(events.map { text($0.body) }), "step \(step)")
                for (id, block) in added { model[id] = block }
            case 35..<62:  // claim
                let owner = ["s1", "s2", "s3"][Int.random(in: 0..<3, using: &random)]
                let maxEvents = Int.random(in: 1...8, using: &random)
                let leaseSeconds = Int64.random(in: 1...20, using: &random)
                // Model: expire leases, then take the oldest run's blocks in order within the limit.
                for (id, block) in model where block.leaseUntil != nil && block.leaseUntil! <= now {
                    model[id]!.attempts += 1
                    model[id]!.owner = nil
                    model[id]!.leaseUntil = nil
                }
                let candidates = model.values.filter { $0.leaseUntil == nil }.sorted { $0.id < $1.id }
                var expected: [ModelBlock] = []
                if let first = candidates.first {
                    var events = 0
                    for block in candidates where block.metadataID == first.metadataID {
                        if !expected.isEmpty && events + block.lines.count > maxEvents { break }
                        events += block.lines.count
                        expected.append(block)
                    }
                }
                let claim = try queue.claimBlocks(
                    owner: owner, maxBytes: 1 << 30, maxEvents: maxEvents, lease: .seconds(leaseSeconds), now: now)
                if expected.isEmpty {
                    #expect(claim == nil, "step \(step)")
                } else {
                    let claim = try #require(claim, "step \(step)")
                    #expect(claim.ids == expected.map(\.id), "step \(step)")
                    #expect(try claim.blocks.map { try $0.lines().map(text) } == expected.map(\.lines), "step \(step)")
                    #expect(claim.blocks.map(\.attempts) == expected.map(\.attempts), "step \(step)")
                    #expect(claim.metadata == metadataBodies[claim.metadataID], "step \(step)")
                    for id in claim.ids {
                        model[id]!.owner = owner
                        model[id]!.leaseUntil = now + leaseSeconds * second
                    }
                    for id in claim.ids where !(held[owner]?.contains(id) ?? false) {
                        held[owner, default: []].append(id)
                    }
                }
            case 62..<77:  // acknowledge some of what an owner believes it holds
                guard let owner = held.keys.sorted().randomElement(using: &random), let ids = held[owner], !ids.isEmpty else {
                    continue
                }
                let chosen = Array(ids.shuffled(using: &random).prefix(Int.random(in: 1...ids.count, using: &random)))
                let expected = chosen.filter { model[$0]?.owner == owner }
                let deleted = try queue.acknowledgeBlocks(chosen, owner: owner)
                #expect(deleted == expected.reduce(0) { $0 + model[$1]!.lines.count }, "step \(step)")
                for id in expected {
                    acknowledged += model[id]!.lines
                    model[id] = nil
                }
                held[owner] = ids.filter { !chosen.contains($0) }
            case 77..<87:  // release
                guard let owner = held.keys.sorted().randomElement(using: &random), let ids = held[owner], !ids.isEmpty else {
                    continue
                }
                let expected = ids.filter { model[$0]?.owner == owner }
                #expect(try queue.releaseBlocks(ids, owner: owner) == expected.count, "step \(step)")
                for id in expected {
                    model[id]!.attempts += 1
                    model[id]!.owner = nil
                    model[id]!.leaseUntil = nil
                }
                held[owner] = []
            case 87..<91:  // merge what waits; the lines of a kind keep their order
                let lines = model.values.sorted { $0.id < $1.id }
                try queue.mergeWaitingBlocks(now: now, limit: Int.random(in: 2...20, using: &random))
                let merged = try reload(queue)
                for kind in ["span", "transaction", "error"] {
                    for run in runs {
                        func order(_ blocks: [ModelBlock]) -> [String] {
                            blocks.filter { $0.kind == kind && $0.metadataID == run.id }.flatMap(\.lines)
                        }
                        #expect(order(merged.values.sorted { $0.id < $1.id }) == order(lines), "step \(step)")
                    }
                }
                // Merging never touches leased blocks.
                for (id, block) in model where block.leaseUntil != nil {
                    #expect(merged[id]?.lines == block.lines, "step \(step)")
                }
                for (id, block) in merged {
                    model[id] = ModelBlock(
                        id: id, metadataID: block.metadataID, kind: block.kind, lines: block.lines,
                        attempts: block.attempts, owner: block.owner, leaseUntil: block.leaseUntil)
                }
                for id in model.keys where merged[id] == nil { model[id] = nil }
            default:  // time passes
                now += Int64.random(in: 1...8, using: &random) * second
            }

            if step % 25 == 0 {
                let stats = try queue.stats(now: now)
                #expect(stats.events == model.values.reduce(0) { $0 + $1.lines.count }, "step \(step)")
                #expect(
                    stats.rawBytes == Int64(model.values.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.utf8.count + 1 } }),
                    "step \(step)")
                #expect(stats.blocks == model.count, "step \(step)")
                try TotalsTests.expectExact(queue, "step \(step)")
            }
        }

        // Drain everything (far in the future, so every lease has expired) and compare.
        now += 3600 * second
        while let claim = try queues[0].claimBlocks(
            owner: "drain", maxBytes: 1 << 20, maxEvents: 50, lease: .seconds(60), now: now)
        {
            #expect(try queues[0].acknowledgeBlocks(claim.ids, owner: "drain") == claim.events)
            for block in claim.blocks {
                acknowledged += try block.lines().map(text)
                #expect(model.removeValue(forKey: block.id) != nil)
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
