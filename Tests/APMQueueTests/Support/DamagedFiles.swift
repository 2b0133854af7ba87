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

import Foundation
import Testing
@testable import APMStore

/// Queue files in the states the CLI must refuse, built the way other programs or versions
/// would leave them.
enum DamagedFiles {
    /// SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE.
    private static let readWriteCreate: Int32 = 0x0000_0002 | 0x0000_0004

    /// A raw SQLite connection (another program, another agent version, a blocking writer).
    static func connection(_ path: String) throws -> SQLiteConnection {
        try SQLiteConnection(path: path, flags: readWriteCreate)
    }

    /// A queue holding a few events, closed (its WAL checkpointed into the file).
    static func queue(at path: String, events: Int = 20) throws {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let metadata = try queue.registerMetadata(
            Array(QueueFixture.metadata(pid: 1, version: "1.0.0").utf8), createdAt: EventQueue.now())
        let body = Array(QueueFixture.span(name: "SELECT 1", type: "db", subtype: "postgresql", duration: "1.0").utf8)
        try queue.append(
            (0..<events).map { _ in NewEvent(kind: "span", createdAt: EventQueue.now(), body: body) }, metadataID: metadata,
            now: EventQueue.now())
    }

    /// A text file.
    static func text(at path: String) throws {
        try Data(String(repeating: "this is not a database, just some notes\n", count: 200).utf8).write(
            to: URL(fileURLWithPath: path))
    }

    /// An SQLite database made by another program.
    static func foreignDatabase(at path: String) throws {
        let connection = try connection(path)
        defer { connection.close() }
        try connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        try connection.execute("INSERT INTO notes (text) VALUES ('hello')")
    }

    /// A queue whose first page (the schema) was overwritten: the header is intact, every
    /// query fails with SQLITE_CORRUPT.
    static func corrupt(at path: String) throws {
        try queue(at: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 3_900))
    }

    /// A queue whose data pages were overwritten: it opens, but the integrity check fails.
    static func damagedPages(at path: String) throws {
        try queue(at: path, events: 400)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(size / 2))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 8_192))
    }

    /// A queue written by a newer agent (schema version 99).
    static func newer(at path: String) throws {
        try queue(at: path)
        let connection = try connection(path)
        defer { connection.close() }
        try connection.setPragma("user_version", 99)
    }

    /// A queue at schema version `version` (an older agent's).
    static func older(at path: String, version: Int) throws {
        let connection = try connection(path)
        defer { connection.close() }
        try MigrationRunner(connection: connection, migrations: SchemaMigration.all, now: { EventQueue.now() }).migrate(
            upTo: version)
    }

    /// Holds the file locked, readers included, as a writer in exclusive locking mode does,
    /// until `release()`.
    static func lockExclusively(_ path: String) throws -> SQLiteConnection {
        let blocker = try connection(path)
        try blocker.execute("PRAGMA locking_mode = EXCLUSIVE")
        try blocker.execute("BEGIN EXCLUSIVE")
        try blocker.execute("INSERT INTO counters (name, value) VALUES ('blocker', 1)")
        return blocker
    }

    /// Holds the write lock as an application in the middle of a write transaction does
    /// (readers go on in WAL mode).
    static func holdWriteLock(_ path: String) throws -> SQLiteConnection {
        let writer = try connection(path)
        try writer.execute("BEGIN EXCLUSIVE")
        try writer.execute("INSERT INTO counters (name, value) VALUES ('writer', 1)")
        return writer
    }
}
