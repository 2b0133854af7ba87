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

import APMRuntime
import APMStore
import APMTransport
import Foundation

/// An in-memory queue of gzip blocks with faithful leases, for tests: the sender's side of the
/// queue v2 contract (``QueueReader``).
///
/// Blocks are kept in FIFO order. `claim` leases the oldest unleased blocks of the oldest
/// unleased block's run; `release` clears leases and counts attempts; leases never expire by
/// themselves (``expireLeases()`` simulates it). `split` keeps the first half under the block's
/// id and gives the second half a new id, placed right after it; `mergeWaitingBlocks`
/// concatenates the members of adjacent waiting blocks of one run and kind, up to ``mergeCap``
/// events. Every call is
/// recorded with the thread that made it (see ``currentThreadID()``). Safe to inspect from the
/// test while the sender runs.
final class MemoryQueue: QueueReader, @unchecked Sendable {
    struct Block: Equatable {
        var id: Int64
        var metadataID: Int64
        var kind: String
        var lines: [String]
        var unsampled: Bool
        var body: [UInt8]
        var attempts = 0
        var leased = false

        var stored: StoredBlock {
            StoredBlock(
                id: id, kind: kind, events: lines.count, rawSize: lines.reduce(0) { $0 + $1.utf8.count + 1 },
                isUnsampledTransactions: unsampled, attempts: attempts, body: body)
        }
    }

    struct DeadLetter: Equatable {
        var blockID: Int64
        var status: Int
        var reason: String?
        var line: String
    }

    private let lock = ConditionLock()
    private var blocks: [Block] = []
    private var metadata: [Int64: [UInt8]] = [:]
    private var nextBlockID: Int64 = 1
    private var nextMetadataID: Int64 = 1
    private var storedDeadLetters: [DeadLetter] = []
    private var storedCounters: [String: Int64] = [:]
    private var storedCalls: [(method: String, thread: String)] = []
    private var acknowledgedIDs: [Int64] = []
    private var failuresToInject = 0
    private var storedMergeCap = 1000

    init() {}

    /// The most events a merged block may hold (the store's limit is about 1 000).
    var mergeCap: Int {
        get { locked { storedMergeCap } }
        set { locked { storedMergeCap = newValue } }
    }

    // MARK: Test-side API

    /// Adds a metadata line and returns its id.
    @discardableResult
    func addMetadata(
        _ line: String = #"{"metadata":{"service":{"name":"svc","agent":{"name":"swift","version":"0.1.0"}}}}"#
    ) -> Int64 {
        locked {
            defer { nextMetadataID += 1 }
            metadata[nextMetadataID] = Array(line.utf8)
            return nextMetadataID
        }
    }

    /// Appends a block of one line and returns its id.
    @discardableResult
    func append(_ line: String, kind: String = "transaction", metadataID: Int64 = 1, unsampled: Bool = false) -> Int64 {
        appendBlock([line], kind: kind, metadataID: metadataID, unsampled: unsampled)
    }

    /// Appends a block of `lines` (one gzip member) and returns its id.
    @discardableResult
    func appendBlock(_ lines: [String], kind: String = "transaction", metadataID: Int64 = 1, unsampled: Bool = false) -> Int64 {
        let body = Self.member(lines)
        return locked {
            defer { nextBlockID += 1 }
            blocks.append(
                Block(id: nextBlockID, metadataID: metadataID, kind: kind, lines: lines, unsampled: unsampled, body: body))
            return nextBlockID
        }
    }

    /// Makes every lease lapse, as the store does after its lease time.
    func expireLeases() {
        locked {
            for index in blocks.indices {
                blocks[index].leased = false
            }
        }
    }

    /// Makes the next `count` calls throw.
    func failNextCalls(_ count: Int) {
        locked { failuresToInject = count }
    }

    var snapshot: [Block] { locked { blocks } }
    /// The lines still queued, in order.
    var lines: [String] { snapshot.flatMap(\.lines) }
    var deadLetters: [DeadLetter] { locked { storedDeadLetters } }
    var counters: [String: Int64] { locked { storedCounters } }
    var callThreads: Set<String> { locked { Set(storedCalls.map(\.thread)) } }
    var callCount: Int { locked { storedCalls.count } }
    var calls: [String] { locked { storedCalls.map(\.method) } }
    var acknowledged: [Int64] { locked { acknowledgedIDs } }
    func counter(_ name: String) -> Int64 { counters[name] ?? 0 }

    // MARK: QueueReader

    func claim(maxBytes: Int, maxEvents: Int) throws -> ClaimedBlocks? {
        try call("claim") {
            guard let first = blocks.firstIndex(where: { !$0.leased }) else { return nil }
            let metadataID = blocks[first].metadataID
            var picked: [StoredBlock] = []
            var bytes = 0
            var events = 0
            for index in blocks.indices[first...] where !blocks[index].leased && blocks[index].metadataID == metadataID {
                let block = blocks[index]
                if !picked.isEmpty, events + block.lines.count > maxEvents || bytes + block.body.count > maxBytes {
                    break
                }
                blocks[index].leased = true
                picked.append(blocks[index].stored)
                bytes += block.body.count
                events += block.lines.count
            }
            return ClaimedBlocks(
                metadataID: metadataID, metadata: metadata[metadataID] ?? [], blocks: picked,
                leaseOwner: "memory", leaseUntil: .max, moreClaimable: blocks.contains { !$0.leased })
        }
    }

    func acknowledge(_ ids: [Int64]) throws {
        try call("acknowledge") {
            let set = Set(ids)
            acknowledgedIDs += ids
            blocks.removeAll { set.contains($0.id) }
        }
    }

    func release(_ ids: [Int64]) throws {
        try call("release") {
            let set = Set(ids)
            for index in blocks.indices where set.contains(blocks[index].id) {
                blocks[index].leased = false
                blocks[index].attempts += 1
            }
        }
    }

    func settleRejected(blocks ids: [Int64], rejected: [RejectedLine], status: Int) throws {
        try call("settleRejected") {
            let set = Set(ids)
            for line in rejected {
                guard let block = blocks.first(where: { $0.id == line.blockID }), set.contains(block.id) else { continue }
                storedDeadLetters.append(
                    DeadLetter(blockID: block.id, status: status, reason: line.reason, line: block.lines[line.line]))
            }
            acknowledgedIDs += ids
            blocks.removeAll { set.contains($0.id) }
        }
    }

    func dropLeadingLines(_ lines: Int, ofBlock id: Int64) throws -> StoredBlock? {
        try call("dropLeadingLines") {
            guard let index = blocks.firstIndex(where: { $0.id == id }) else { return nil }
            let rest = Array(blocks[index].lines.dropFirst(lines))
            guard !rest.isEmpty else {
                blocks.remove(at: index)
                return nil
            }
            blocks[index].lines = rest
            blocks[index].body = Self.member(rest)
            return blocks[index].stored
        }
    }

    func split(_ id: Int64) throws -> [StoredBlock] {
        try call("split") {
            guard let index = blocks.firstIndex(where: { $0.id == id }), blocks[index].lines.count > 1 else { return [] }
            let lines = blocks[index].lines
            let half = lines.count / 2
            var second = blocks[index]
            blocks[index].lines = Array(lines[..<half])
            blocks[index].body = Self.member(blocks[index].lines)
            second.id = nextBlockID
            nextBlockID += 1
            second.lines = Array(lines[half...])
            second.body = Self.member(second.lines)
            blocks.insert(second, at: index + 1)
            return [blocks[index].stored, second.stored]
        }
    }

    func mergeWaitingBlocks(limit: Int) throws -> MergeStep {
        try call("mergeWaitingBlocks") {
            var merged = 0
            var index = 0
            while index + 1 < blocks.count, merged < limit {
                let (first, next) = (blocks[index], blocks[index + 1])
                if !first.leased, !next.leased, first.metadataID == next.metadataID, first.kind == next.kind,
                    first.unsampled == next.unsampled, first.lines.count + next.lines.count <= storedMergeCap
                {
                    blocks[index].lines += next.lines
                    blocks[index].body += next.body
                    blocks.remove(at: index + 1)
                    merged += 1
                } else {
                    index += 1
                }
            }
            return MergeStep(removed: merged, passEnded: index + 1 >= blocks.count)
        }
    }

    func addCounters(_ deltas: [String: Int64]) throws {
        try call("addCounters") {
            for (name, delta) in deltas {
                storedCounters[name, default: 0] += delta
            }
        }
    }

    func pendingCount() throws -> Int {
        try call("pendingCount") { blocks.reduce(0) { $0 + $1.lines.count } }
    }

    func blockIDBounds() throws -> (oldest: Int64, newest: Int64)? {
        try call("blockIDBounds") {
            guard let oldest = blocks.map(\.id).min(), let newest = blocks.map(\.id).max() else { return nil }
            return (oldest, newest)
        }
    }

    // MARK: Helpers

    struct InjectedFailure: Error {}

    /// An identifier of the calling thread (its pthread handle), stable for the thread's life.
    static func currentThreadID() -> String {
        String(describing: pthread_self())
    }

    /// `lines` as one gzip member, each line followed by a newline.
    static func member(_ lines: [String]) -> [UInt8] {
        let text = lines.map { $0 + "\n" }.joined()
        return (try? Gzip.compress(Array(text.utf8))) ?? []
    }

    private func call<T>(_ method: String, _ body: () throws -> T) throws -> T {
        try locked {
            storedCalls.append((method, Self.currentThreadID()))
            if failuresToInject > 0 {
                failuresToInject -= 1
                throw InjectedFailure()
            }
            return try body()
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
