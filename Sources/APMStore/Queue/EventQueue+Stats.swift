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

import CSQLite

extension EventQueue {
    /// Adds each delta to its named counter (created at 0), all in one transaction.
    package func addCounters(_ deltas: [String: Int64]) throws(QueueError) {
        let nonZero = deltas.filter { $0.value != 0 }
        guard !nonZero.isEmpty else { return }
        try write { () throws(SQLiteError) -> Void in
            for (name, delta) in nonZero.sorted(by: { $0.key < $1.key }) {
                try addCounter(name, delta)
            }
        }
    }

    /// Every counter (drops by reason, dead-letter evictions, and the agent's own).
    package func counters() throws(QueueError) -> [String: Int64] {
        try perform { () throws(SQLiteError) -> [String: Int64] in try readCounters() }
    }

    /// A consistent snapshot of sizes, ages, leases and counters. Reads running totals and
    /// indexes only, never the bodies of the `blocks` table.
    package func stats(now: Int64) throws(QueueError) -> QueueStats {
        var stats = try read { () throws(SQLiteError) -> QueueStats in
            var byKind: [String: Int] = [:]
            var bytesByKind: [String: Int64] = [:]
            var rawBytes: Int64 = 0
            try connection.withStatement(QueueSQL.totalsByKind) { (statement) throws(SQLiteError) -> Void in
                while try statement.step() {
                    byKind[statement.text(0)] = statement.int(1)
                    bytesByKind[statement.text(0)] = statement.int64(2)
                    rawBytes += statement.int64(3)
                }
            }
            let range = try connection.withStatement(QueueSQL.createdRange) {
                (statement) throws(SQLiteError) -> (Int64?, Int64?) in
                guard try statement.step() else { return (nil, nil) }
                return (statement.optionalInt64(0), statement.optionalInt64(1))
            }
            let leased = try connection.withStatement(QueueSQL.leasesHeld) { (statement) throws(SQLiteError) -> Int in
                try statement.bind([.integer(now)])
                return try statement.step() ? statement.int(1) : 0
            }
            var stats = QueueStats(
                events: byKind.values.reduce(0, +),
                bytes: bytesByKind.values.reduce(0, +),
                byKind: byKind,
                bytesByKind: bytesByKind,
                oldestCreatedAt: range.0,
                newestCreatedAt: range.1,
                deadLetters: Int(try connection.queryInt(QueueSQL.countDeadLetters) ?? 0),
                leasesHeld: leased,
                metadataRows: Int(try connection.queryInt(QueueSQL.countMetadata) ?? 0),
                schemaVersion: Int(try connection.queryInt("PRAGMA user_version") ?? 0),
                fileSize: 0,
                walSize: 0,
                counters: try readCounters()
            )
            stats.rawBytes = rawBytes
            stats.blocks = Int(try connection.queryInt(QueueSQL.countBlocks) ?? 0)
            stats.freeBytes =
                (try connection.queryInt(QueueSQL.freelistCount) ?? 0) * (try connection.queryInt(QueueSQL.pageSize) ?? 0)
            return stats
        }
        stats.fileSize = QueueFile.size(path)
        stats.walSize = QueueFile.size(path + "-wal")
        stats.shmSize = QueueFile.size(path + "-shm")
        return stats
    }

    func readCounters() throws(SQLiteError) -> [String: Int64] {
        try connection.withStatement(QueueSQL.selectCounters) { (statement) throws(SQLiteError) -> [String: Int64] in
            var counters: [String: Int64] = [:]
            while try statement.step() { counters[statement.text(0)] = statement.int64(1) }
            return counters
        }
    }
}
