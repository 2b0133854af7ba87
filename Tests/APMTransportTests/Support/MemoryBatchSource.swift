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

import APMTransport
import Foundation

/// An in-memory ``IntakeBatchSource`` with faithful leases, for tests.
///
/// Rows are kept in id order. `claim` leases the oldest unleased rows of the oldest
/// unleased row's metadata; `release` clears leases and counts attempts; leases never expire
/// by themselves (``expireLeases()`` simulates it). Every call is recorded with the name of
/// the thread that made it (see ``currentThreadID()``). Safe to inspect from the test while the sender runs.
final class MemoryBatchSource: IntakeBatchSource, @unchecked Sendable {
    struct Row: Equatable {
        var id: Int64
        var metadataID: Int64
        var kind: String
        var line: [UInt8]
        var attempts = 0
        var leased = false
    }

    struct DeadLetter: Equatable {
        var id: Int64
        var status: Int
        var reason: String?
        var line: String
    }

    private let lock = NSLock()
    private var rows: [Row] = []
    private var metadata: [Int64: [UInt8]] = [:]
    private var nextRowID: Int64 = 1
    private var nextMetadataID: Int64 = 1
    private var storedDeadLetters: [DeadLetter] = []
    private var storedCounters: [String: Int64] = [:]
    private var storedCalls: [(method: String, thread: String)] = []
    private var acknowledgedIDs: [Int64] = []
    private var failuresToInject = 0

    init() {}

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

    /// Appends an event row and returns its id.
    @discardableResult
    func append(_ line: String, kind: String = "transaction", metadataID: Int64 = 1) -> Int64 {
        locked {
            defer { nextRowID += 1 }
            rows.append(Row(id: nextRowID, metadataID: metadataID, kind: kind, line: Array(line.utf8)))
            return nextRowID
        }
    }

    /// Makes every lease lapse, as the store does after its lease time.
    func expireLeases() {
        locked {
            for index in rows.indices {
                rows[index].leased = false
            }
        }
    }

    /// Makes the next `count` calls throw.
    func failNextCalls(_ count: Int) {
        locked { failuresToInject = count }
    }

    var snapshot: [Row] { locked { rows } }
    var deadLetters: [DeadLetter] { locked { storedDeadLetters } }
    var counters: [String: Int64] { locked { storedCounters } }
    var callThreads: Set<String> { locked { Set(storedCalls.map(\.thread)) } }
    var callCount: Int { locked { storedCalls.count } }
    var acknowledged: [Int64] { locked { acknowledgedIDs } }
    func counter(_ name: String) -> Int64 { counters[name] ?? 0 }

    // MARK: IntakeBatchSource

    func claim(maxEvents: Int, maxBytes: Int) throws -> IntakeBatch? {
        try call("claim") {
            guard let first = rows.firstIndex(where: { !$0.leased }) else { return nil }
            let metadataID = rows[first].metadataID
            var picked: [IntakeBatchEvent] = []
            var bytes = 0
            for index in rows.indices[first...] where !rows[index].leased && rows[index].metadataID == metadataID {
                let size = rows[index].line.count
                if !picked.isEmpty, picked.count >= maxEvents || bytes + size > maxBytes {
                    break
                }
                rows[index].leased = true
                picked.append(IntakeBatchEvent(id: rows[index].id, kind: rows[index].kind, line: rows[index].line))
                bytes += size
            }
            return IntakeBatch(metadata: metadata[metadataID] ?? [], events: picked)
        }
    }

    func acknowledge(_ ids: [Int64]) throws {
        try call("acknowledge") {
            let set = Set(ids)
            acknowledgedIDs += ids
            rows.removeAll { set.contains($0.id) }
        }
    }

    func release(_ ids: [Int64]) throws {
        try call("release") {
            let set = Set(ids)
            for index in rows.indices where set.contains(rows[index].id) {
                rows[index].leased = false
                rows[index].attempts += 1
            }
        }
    }

    func deadLetter(_ ids: [Int64], status: Int, reasons: [Int64: String]) throws {
        try call("deadLetter") {
            let set = Set(ids)
            for row in rows where set.contains(row.id) {
                storedDeadLetters.append(
                    DeadLetter(
                        id: row.id, status: status, reason: reasons[row.id], line: String(decoding: row.line, as: UTF8.self))
                )
            }
            rows.removeAll { set.contains($0.id) }
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
        try call("pendingCount") { rows.count }
    }

    func newestID() throws -> Int64? {
        try call("newestID") { rows.last?.id }
    }

    func oldestPendingID() throws -> Int64? {
        try call("oldestPendingID") { rows.first?.id }
    }

    // MARK: Helpers

    struct InjectedFailure: Error {}

    /// An identifier of the calling thread (its pthread handle), stable for the thread's life.
    static func currentThreadID() -> String {
        String(describing: pthread_self())
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
