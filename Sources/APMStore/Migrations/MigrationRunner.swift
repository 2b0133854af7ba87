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

/// Applies the embedded migrations to a connection: each pending migration in its own
/// BEGIN IMMEDIATE transaction, recorded in `schema_migrations` and `PRAGMA user_version`.
/// Safe against several processes migrating the same file at once: the version is read again
/// inside the write transaction and migrations already applied by another process are skipped.
struct MigrationRunner {
    /// 'APMQ', set by migration 1; tells a queue file from any other SQLite database.
    static let applicationID: Int64 = 0x4150_4D51

    let connection: SQLiteConnection
    let migrations: [SchemaMigration]
    /// Clock for `schema_migrations.applied_at` (µs).
    let now: () -> Int64

    /// What the file header says.
    struct FileState {
        var userVersion: Int
        var applicationID: Int64
        /// Number of objects in sqlite_schema (0 for a fresh file).
        var schemaObjects: Int
    }

    /// Reads the header fields and the schema size (fails with NOTADB/CORRUPT on a bad file).
    /// All three in one read transaction: another process may be migrating the file meanwhile.
    func readState() throws(SQLiteError) -> FileState {
        try connection.withTransaction(.deferred) { () throws(SQLiteError) -> FileState in
            let version = try connection.queryInt("PRAGMA user_version") ?? 0
            let applicationID = try connection.queryInt("PRAGMA application_id") ?? 0
            let objects = try connection.queryInt("SELECT COUNT(*) FROM sqlite_schema") ?? 0
            return FileState(userVersion: Int(version), applicationID: applicationID, schemaObjects: Int(objects))
        }
    }

    /// The highest known version.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Migrations with a version above `version`.
    func pending(after version: Int) -> [SchemaMigration] {
        migrations.filter { $0.version > version }
    }

    /// Applies every migration up to `target` (default: all) not yet applied; returns the
    /// versions this call applied. Throws `tooNew` if the file is already past what we know.
    @discardableResult
    func migrate(upTo target: Int? = nil) throws(MigrationError) -> [Int] {
        let target = target ?? latestVersion
        var applied: [Int] = []
        for migration in migrations where migration.version <= target {
            let outcome: Outcome
            do {
                outcome = try connection.withTransaction(.immediate) { () throws(SQLiteError) -> Outcome in
                    let current = Int(try connection.queryInt("PRAGMA user_version") ?? 0)
                    if current > latestVersion { return .tooNew(current) }
                    guard current < migration.version else { return .alreadyApplied }
                    guard current == migration.version - 1 else {
                        throw SQLiteError(
                            code: SQLITE_CORRUPT,
                            message: "schema version \(current) cannot be followed by migration \(migration.version)")
                    }
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        [.integer(Int64(migration.version)), .text(migration.name), .integer(now())]
                    )
                    try connection.setPragma("user_version", migration.version)
                    return .applied
                }
            } catch {
                throw .failed(version: migration.version, name: migration.name, error: error)
            }
            switch outcome {
            case .applied: applied.append(migration.version)
            case .alreadyApplied: break
            case .tooNew(let found): throw .tooNew(found: found, known: latestVersion)
            }
        }
        return applied
    }

    private enum Outcome {
        case applied, alreadyApplied, tooNew(Int)
    }

    /// Why `migrate` failed.
    enum MigrationError: Error {
        /// Another (newer) binary migrated the file past what this one knows.
        case tooNew(found: Int, known: Int)
        /// A migration's transaction failed and was rolled back.
        case failed(version: Int, name: String, error: SQLiteError)
    }
}
