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
import APMTestSupport
import Testing
@testable import APMStore

@Suite("Migrations", .timeLimit(.minutes(2)))
struct MigrationTests {
    @Test("a fresh file gets every migration, recorded in schema_migrations and user_version")
    func freshFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let queue = try EventQueue(path: dir.file("q.sqlite"))
        defer { queue.close() }
        #expect(EventQueue.currentSchemaVersion == SchemaMigration.all.count)
        #expect(EventQueue.currentSchemaVersion >= 2)
        let recorded = try queue.debugQueryTexts("SELECT version || ':' || name FROM schema_migrations ORDER BY version")
        #expect(recorded == SchemaMigration.all.map { "\($0.version):\($0.name)" })
        #expect(try queue.debugQueryTexts("PRAGMA user_version") == ["\(EventQueue.currentSchemaVersion)"])
        #expect(try queue.debugQueryTexts("PRAGMA application_id") == ["\(MigrationRunner.applicationID)"])
        #expect(try queue.debugQueryTexts("PRAGMA journal_mode") == ["wal"])
        #expect(try queue.stats(now: t0).schemaVersion == EventQueue.currentSchemaVersion)
        #expect(queue.pendingMigrations.isEmpty)
        #expect(queue.quarantinedFile == nil)
    }

    @Test("the embedded SQL equals migrations/*.sql byte for byte")
    func embeddedEqualsFiles() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(names.count == SchemaMigration.all.count)
        for (name, migration) in zip(names, SchemaMigration.all) {
            let onDisk = try fileBytes(directory.appendingPathComponent(name).path)
            let version = String(migration.version)
            #expect(name == String(repeating: "0", count: 4 - version.count) + version + "_" + migration.name + ".sql")
            #expect(Array(migration.sql.utf8) == onDisk, "embedded copy of \(name) differs from the file")
        }
    }

    @Test("a file at an older schema migrates, keeping every row", arguments: 0..<SchemaMigration.all.count)
    func migratesOlderFile(version: Int) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try makeFile(at: path, version: version)
        var bodies: [String] = []
        if version >= 1 {
            // Rows written the way a binary of that version would have.
            let connection = try rawConnection(path)
            try connection.execute(
                "INSERT INTO metadata (id, created_at, body) VALUES (7, ?1, ?2)",
                [.integer(t0), .blob(bytes("{\"metadata\":{}}"))])
            for index in 0..<25 {
                let body = "{\"span\":{\"i\":\(index)}}"
                bodies.append(body)
                try connection.execute(
                    "INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES (7, ?1, ?2, ?3, ?4)",
                    [
                        .text(index % 5 == 0 ? "transaction" : "span"), .integer(t0 + Int64(index)),
                        .integer(Int64(body.utf8.count)), .blob(bytes(body)),
                    ]
                )
            }
            try connection.execute("INSERT INTO counters (name, value) VALUES ('agent.x', 42)")
            try connection.execute("INSERT INTO dead_letters (event_id, metadata_id, kind, body) VALUES (1, 7, 'span', X'41')")
            try connection.execute(
                "INSERT INTO remote_config (service_name, environment, body, fetched_at) VALUES ('svc', '', X'7B7D', 5)")
            connection.close()
        }

        let queue = try EventQueue(path: path)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil)
        #expect(try queue.debugQueryTexts("PRAGMA user_version") == ["\(EventQueue.currentSchemaVersion)"])
        let recorded = try queue.debugQueryTexts("SELECT version FROM schema_migrations ORDER BY version")
        #expect(recorded == SchemaMigration.all.map { "\($0.version)" })

        let stats = try queue.stats(now: t0)
        #expect(stats.events == bodies.count)
        #expect(stats.rawBytes == Int64(bodies.reduce(0) { $0 + $1.utf8.count + 1 }))
        if version >= 1 {
            #expect(stats.byKind == ["transaction": 5, "span": 20])
            #expect(stats.counters["agent.x"] == 42)
            #expect(stats.deadLetters == 1)
            #expect(try queue.remoteConfig(serviceName: "svc", environment: "")?.body == bytes("{}"))
            let listed = try queue.listEvents(limit: 100, includeBodies: true).map { text($0.event.body) }
            #expect(listed == bodies)
            let claimed = try #require(
                try queue.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0))
            #expect(claimed.metadataID == 7)
            #expect(try claimedLines(claimed) == bodies)
            #expect(try queue.acknowledgeBlocks(claimed.ids, owner: "s") == 25)
            #expect(try queue.stats(now: t0).bytes == 0)
        }
    }

    @Test("version 2 to 4: triggers and the events table go, every row moves to a block, exact totals, leases kept")
    func version2To3() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try makeFile(at: path, version: 2)
        do {
            // Rows written by a version-2 binary (its triggers kept the totals), one of them leased.
            let connection = try rawConnection(path)
            try connection.execute(
                "INSERT INTO metadata (id, created_at, body) VALUES (3, ?1, ?2)", [.integer(t0), .blob(bytes("m"))])
            for index in 0..<30 {
                try connection.execute(
                    "INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES (3, ?1, ?2, ?3, ?4)",
                    [
                        .text(index % 3 == 0 ? "error" : "span"), .integer(t0), .integer(Int64(index)),
                        .blob([UInt8](repeating: 65, count: index)),
                    ]
                )
            }
            try connection.execute("DELETE FROM events WHERE id % 10 = 0")
            try connection.execute(
                "UPDATE events SET lease_owner = 'old', lease_until = ?1 WHERE id = 5", [.integer(t0 + second)])
            connection.close()
        }
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let objects = try queue.debugQueryTexts(
            "SELECT type || ' ' || name FROM sqlite_schema WHERE tbl_name IN ('events', 'blocks') ORDER BY name")
        #expect(
            objects == ["table blocks", "index blocks_created", "index blocks_leased", "index blocks_run", "index blocks_value"])
        let stats = try queue.stats(now: t0)
        let kept = (0..<30).filter { ($0 + 1) % 10 != 0 }
        #expect(stats.events == kept.count)
        #expect(stats.byKind == ["error": kept.filter { $0 % 3 == 0 }.count, "span": kept.filter { $0 % 3 != 0 }.count])
        #expect(stats.rawBytes == Int64(kept.reduce(0, +) + kept.count))
        #expect(stats.leasesHeld == 1)
        // The store keeps them exact from here on.
        let claimed = try #require(
            try queue.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 100, lease: .seconds(30), now: t0 + second))
        #expect(claimed.events == kept.count)
        #expect(try claimedLines(claimed) == kept.map { String(repeating: "A", count: $0) })
        #expect(try queue.acknowledgeBlocks(claimed.ids, owner: "s") == kept.count)
        #expect(try queue.stats(now: t0).events == 0)
        #expect(try queue.stats(now: t0).bytes == 0)
    }

    @Test("a version 3 file with waiting rows upgrades in place; every row is claimed as a block and decodes to its line")
    func version3Rows() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try makeFile(at: path, version: 3)
        var lines: [String] = []
        do {
            let connection = try rawConnection(path)
            try connection.execute(
                "INSERT INTO metadata (id, created_at, body) VALUES (4, ?1, ?2)", [.integer(t0), .blob(bytes("m4"))])
            for index in 0..<40 {
                let line = #"{"\#(index % 4 == 0 ? "error" : "span")":{"id":"\#(index)"}}"#
                lines.append(line)
                try connection.execute(
                    "INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES (4, ?1, ?2, ?3, ?4)",
                    [
                        .text(index % 4 == 0 ? "error" : "span"), .integer(t0 + Int64(index)), .integer(Int64(line.utf8.count)),
                        .blob(bytes(line)),
                    ])
            }
            try connection.execute(
                "INSERT INTO queue_totals (kind, events, bytes) SELECT kind, COUNT(*), SUM(size) FROM events GROUP BY kind")
            connection.close()
        }
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        #expect(try queue.pendingEventCount() == 40)
        try TotalsTests.expectExact(queue, "upgrade")
        var claimed: [String] = []
        while let claim = try queue.claimBlocks(owner: "s", maxBytes: 1 << 20, maxEvents: 7, lease: .seconds(30), now: t0) {
            #expect(claim.metadata == bytes("m4"))
            for block in claim.blocks {
                #expect(Array(block.body.prefix(2)) == [0x1F, 0x8B], "sent as gzip")
                claimed += try block.lines().map(text)
            }
            #expect(try queue.acknowledgeBlocks(claim.ids, owner: "s") == claim.events)
        }
        #expect(claimed == lines)
        #expect(try queue.pendingEventCount() == 0)
    }

    @Test("migrated rows merge into gzip blocks")
    func version3RowsMerge() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try makeFile(at: path, version: 3)
        do {
            let connection = try rawConnection(path)
            try connection.execute(
                "INSERT INTO metadata (id, created_at, body) VALUES (1, ?1, ?2)", [.integer(t0), .blob(bytes("m"))])
            for index in 0..<30 {
                try connection.execute(
                    "INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES (1, 'span', ?1, 5, ?2)",
                    [.integer(t0), .blob(bytes("s\(1000 + index)"))])
            }
            connection.close()
        }
        let queue = try EventQueue(path: path, options: QueueOptions(mergeAfter: .zero))
        defer { queue.close() }
        #expect(try queue.mergeWaitingBlocks(now: t0, limit: 100).removed == 29)
        #expect(try queue.debugQueryTexts("SELECT encoding || ':' || events FROM blocks") == ["1:30"])
        #expect(
            try queue.listEvents(limit: 100, includeBodies: true).map { text($0.event.body) } == (0..<30).map { "s\(1000 + $0)" })
    }

    @Test("an empty (zero-byte) file is treated as a new queue")
    func zeroByteFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        #expect(queue.quarantinedFile == nil)
        #expect(try queue.stats(now: t0).schemaVersion == EventQueue.currentSchemaVersion)
    }

    @Test("a file with a newer schema version is refused and left byte-identical", arguments: [false, true])
    func newerSchemaRefused(changeStillInWAL: Bool) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        do {
            let queue = try EventQueue(path: path)
            let metadata = try queue.registerMetadata(bytes("m"), createdAt: t0)
            try queue.append([event("a"), event("b")], metadataID: metadata, now: t0)
            queue.close()
        }
        let newer = EventQueue.currentSchemaVersion + 1
        do {
            // As a newer binary would; optionally leaving its last commit in the -wal file only.
            let connection = try rawConnection(path)
            try connection.setNoCheckpointOnClose(changeStillInWAL)
            try connection.setPragma("user_version", newer)
            connection.close()
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal") == changeStillInWAL)
        let before = try fileBytes(path)
        let walBefore = changeStillInWAL ? try fileBytes(path + "-wal") : []
        func unchanged() throws -> Bool {
            try fileBytes(path) == before && (!changeStillInWAL || fileBytes(path + "-wal") == walBefore)
        }
        #expect(throws: QueueError.schemaTooNew(found: newer, known: EventQueue.currentSchemaVersion)) {
            _ = try EventQueue(path: path)
        }
        #expect(try unchanged())
        #expect(throws: QueueError.schemaTooNew(found: newer, known: EventQueue.currentSchemaVersion)) {
            _ = try EventQueue.openExisting(path: path)
        }
        #expect(try unchanged())
        #expect(QueueError.schemaTooNew(found: newer, known: EventQueue.currentSchemaVersion).description.contains("newer"))
    }

    @Test("another program's SQLite database is refused and left alone")
    func foreignDatabase() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("other.sqlite")
        do {
            let connection = try rawConnection(path)
            try connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
            try connection.execute("INSERT INTO notes (text) VALUES ('keep me')")
            connection.close()
        }
        let before = try fileBytes(path)
        #expect(throws: QueueError.notAQueue(path)) { _ = try EventQueue(path: path) }
        #expect(throws: QueueError.notAQueue(path)) { _ = try EventQueue.openExisting(path: path) }
        #expect(try fileBytes(path) == before)
    }

    @Test("openExisting reports pending migrations without applying them; migrate() applies them")
    func openExistingPending() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        try makeFile(at: path, version: 1)
        let before = try fileBytes(path)
        let queue = try EventQueue.openExisting(path: path)
        defer { queue.close() }
        #expect(queue.pendingMigrations.map(\.version) == Array(2...EventQueue.currentSchemaVersion))
        #expect(try queue.debugQueryTexts("PRAGMA user_version") == ["1"])
        #expect(try fileBytes(path) == before)
        #expect(try queue.migrate() == Array(2...EventQueue.currentSchemaVersion))
        #expect(queue.pendingMigrations.isEmpty)
        #expect(try queue.stats(now: t0).schemaVersion == EventQueue.currentSchemaVersion)
        #expect(try queue.migrate() == [])
    }

    @Test("openExisting never creates a file")
    func openExistingMissing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("absent/q.sqlite")
        #expect(throws: QueueError.missingFile(path)) { _ = try EventQueue.openExisting(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: dir.file("absent")))
    }
}
