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

/// Whole-file operations for maintenance tools (the `apm-queue` CLI): counting what a purge
/// would remove, importing several runs atomically, listing every cached remote configuration,
/// and probing for another process's write lock.
extension EventQueue {
    private static let countEventsSQL = """
        SELECT COALESCE(SUM(events), 0), COALESCE(SUM(raw_size - events), 0) FROM blocks
        WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR last_created_at < ?2)
        """
    private static let allRemoteConfigsSQL = """
        SELECT service_name, environment, etag, body, fetched_at, max_age, applied_at
        FROM remote_config ORDER BY service_name, environment
        """

    /// How many events (and their summed line sizes) ``purgeEvents(kind:olderThan:)`` with the same
    /// arguments would delete right now.
    package func countEvents(kind: String? = nil, olderThan: Int64? = nil) throws(QueueError) -> (events: Int, bytes: Int64) {
        try perform { () throws(SQLiteError) -> (events: Int, bytes: Int64) in
            try connection.withStatement(Self.countEventsSQL) { (statement) throws(SQLiteError) -> (events: Int, bytes: Int64) in
                try statement.bind([.string(kind), .int(olderThan)])
                guard try statement.step() else { return (0, 0) }
                return (statement.int(0), statement.int64(1))
            }
        }
    }

    /// Imports `runs` in one transaction: each run becomes a new metadata row with its events
    /// appended in order; then the limits are applied as `append` does. Either every run is
    /// stored or none is. Returns one result per run, in order.
    @discardableResult
    package func importRuns(_ runs: [ImportRun], now: Int64) throws(QueueError) -> [ImportResult] {
        guard !runs.isEmpty else { return [] }
        var drafts: [[BlockDraft]] = []
        for run in runs { drafts.append(try BlockDraft.make(run.events)) }
        return try insertMakingRoom(drafts.flatMap { $0 }, now: now) { () throws(SQLiteError) -> [ImportResult] in
            var inserted: [(metadataID: Int64, count: Int)] = []
            for (run, blocks) in zip(runs, drafts) {
                try connection.execute(QueueSQL.insertMetadata, [.integer(run.metadataCreatedAt), .blob(run.metadata)])
                let metadataID = connection.lastInsertRowID
                try insert(blocks, metadataID: metadataID)
                inserted.append((metadataID, run.events.count))
            }
            let evicted = try evictLocked(now: now)
            return inserted.enumerated().map { index, run in
                ImportResult(
                    metadataID: run.metadataID,
                    append: AppendResult(appended: run.count, evicted: index == inserted.count - 1 ? evicted : [:]))
            }
        }
    }

    /// Every cached central configuration, ordered by service name and environment.
    package func remoteConfigs() throws(QueueError) -> [CachedRemoteConfig] {
        try perform { () throws(SQLiteError) -> [CachedRemoteConfig] in
            try connection.withStatement(Self.allRemoteConfigsSQL) { (statement) throws(SQLiteError) -> [CachedRemoteConfig] in
                var configs: [CachedRemoteConfig] = []
                while try statement.step() {
                    configs.append(
                        CachedRemoteConfig(
                            serviceName: statement.text(0), environment: statement.text(1),
                            etag: statement.optionalText(2), body: statement.blob(3),
                            fetchedAt: statement.optionalInt64(4) ?? 0, maxAge: statement.optionalInt64(5),
                            appliedAt: statement.optionalInt64(6)
                        ))
                }
                return configs
            }
        }
    }

    /// Tries to take the write lock (`BEGIN IMMEDIATE`), waiting at most `timeout`, and releases
    /// it at once without writing anything. Returns false when another connection kept it
    /// locked past `timeout`; throws for any other failure (e.g. ``QueueError/readOnly(_:)``).
    /// The connection's own busy timeout is restored afterwards.
    package func probeWriteLock(timeout: Duration) throws(QueueError) -> Bool {
        let probe = Int32(clamping: max(0, timeout.inMicroseconds / 1_000))
        let usual = Int32(clamping: max(0, options.busyTimeout.inMicroseconds / 1_000))
        do throws(QueueError) {
            try perform { () throws(SQLiteError) -> Void in
                try connection.setBusyTimeout(milliseconds: probe)
                defer { try? connection.setBusyTimeout(milliseconds: usual) }
                try connection.withTransaction(.immediate) { () throws(SQLiteError) -> Void in }
            }
            return true
        } catch {
            if case .locked = error { return false }
            throw error
        }
    }
}
