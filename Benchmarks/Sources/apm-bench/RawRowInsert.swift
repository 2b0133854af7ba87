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

import CSQLiteRaw
import Foundation

/// The baseline the queue is measured against: one SQLite row per event (kind, timestamp, ndjson
/// body) in a plain table, WAL and `synchronous = NORMAL` like the queue, `perTransaction` rows
/// per transaction, through one prepared statement. No compression, no blocks, no agent code.
enum RawRowInsert {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Inserts `count` copies of `line` into a new file at `path` and returns the rows per second.
    static func rate(path: String, line: [UInt8], count: Int, perTransaction: Int) throws -> Double {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var database: OpaquePointer?
        guard sqlite3_open(path, &database) == SQLITE_OK, let database else {
            throw Failure(description: "cannot open \(path)")
        }
        defer { sqlite3_close(database) }
        func run(_ sql: String) throws {
            guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
                throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(database)))")
            }
        }
        try run("PRAGMA journal_mode = WAL")
        try run("PRAGMA synchronous = NORMAL")
        try run(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, created_at INTEGER NOT NULL, body BLOB NOT NULL)")
        var statement: OpaquePointer?
        guard
            sqlite3_prepare_v2(
                database, "INSERT INTO events (kind, created_at, body) VALUES ('span', ?1, ?2)", -1, &statement, nil)
                == SQLITE_OK, let statement
        else { throw Failure(description: String(cString: sqlite3_errmsg(database))) }
        defer { sqlite3_finalize(statement) }
        let clock = ContinuousClock()
        let start = clock.now
        var inserted = 0
        while inserted < count {
            try run("BEGIN")
            for _ in 0..<min(perTransaction, count - inserted) {
                sqlite3_bind_int64(statement, 1, Int64(Date().timeIntervalSince1970 * 1_000_000))
                // Bound without a copy (SQLITE_STATIC), so the step runs while the bytes are pinned.
                let status = line.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(statement, 2, bytes.baseAddress, Int32(bytes.count), nil)
                    return sqlite3_step(statement)
                }
                guard status == SQLITE_DONE else {
                    throw Failure(description: String(cString: sqlite3_errmsg(database)))
                }
                sqlite3_reset(statement)
                inserted += 1
            }
            try run("COMMIT")
        }
        return Double(inserted) / ((clock.now - start).nanoseconds / 1e9)
    }
}
