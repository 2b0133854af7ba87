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
import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk event queue: a SQLite file (WAL mode) holding every captured event until a
/// sender has delivered it.
///
/// Not `Sendable`: one instance belongs to one thread or owner at a time. Several instances,
/// in one process or in several, may open the same file at once: every writing operation is
/// one `BEGIN IMMEDIATE` transaction, and rows handed to a sender are leased so that no two
/// claimers ever get the same row.
///
/// Every `now:`/`createdAt:` value is in microseconds since the Unix epoch (see ``now()``).
package final class EventQueue {
    /// Environment variable overriding ``defaultPath``: `ELASTIC_APM_QUEUE_PATH`.
    package static let pathEnvironmentVariable = "ELASTIC_APM_QUEUE_PATH"

    /// Where the queue lives unless configured otherwise:
    /// `$ELASTIC_APM_QUEUE_PATH` if set and non-empty; else
    /// `$XDG_STATE_HOME/elastic-apm/queue.sqlite` if `XDG_STATE_HOME` is an absolute path; else
    /// `~/.local/state/elastic-apm/queue.sqlite` (home from `$HOME`, else the password database).
    package static var defaultPath: String { QueueFile.defaultPath() }

    /// The schema version this binary creates and understands (the last embedded migration).
    package static let currentSchemaVersion: Int = SchemaMigration.all.last?.version ?? 0

    /// ``QueueOptions/diskReserve`` by default: below this much free space the queue stops growing.
    package static let diskReserveDefault: Int64 = QueueOptions().diskReserve

    /// The wall clock in the store's unit, microseconds since the Unix epoch.
    package static func now() -> Int64 { SystemClock().wallMicros }

    /// The database file.
    package let path: String
    /// Limits and tuning given at open.
    package let options: QueueOptions
    /// Set when ``init(path:options:logger:)`` found a damaged file and moved it aside: the
    /// quarantined file's new path.
    package private(set) var quarantinedFile: String?
    /// Set when ``init(path:options:logger:)`` salvaged a damaged file: what it recovered and lost.
    package private(set) var salvageReport: SalvageReport?
    /// Migrations the file still lacks. Always empty after ``init(path:options:logger:)``;
    /// after ``openExisting(path:options:)`` it lists what ``migrate()`` would apply.
    package private(set) var pendingMigrations: [SchemaMigration]

    let connection: SQLiteConnection
    let logger: (@Sendable (String) -> Void)?
    /// Metadata rows registered through this instance (kept by housekeeping, restored by append).
    var ownMetadata: [Int64: MetadataRecord] = [:]
    /// Where ``mergeWaitingBlocks(now:limit:)`` goes on (a block id; 0 = from the start).
    var mergeCursor: Int64 = 0
    /// The compressor of appended blocks, made at the first append and reused.
    var appendCompressor: GzipCompressor?

    /// Opens (creating if needed) the queue at `path` and brings its schema up to date.
    ///
    /// - Creates missing directories (mode 0700) and the file (mode 0600; SQLite gives the
    ///   `-wal`/`-shm` files the same mode), sets WAL mode, `busy_timeout` and `synchronous`
    ///   from `options`, and applies pending migrations, each in one transaction recorded in
    ///   `schema_migrations` and `PRAGMA user_version`.
    /// - A file whose schema is newer than ``currentSchemaVersion``: throws
    ///   ``QueueError/schemaTooNew(found:known:)`` and leaves the file untouched.
    /// - A damaged or non-SQLite file (SQLITE_NOTADB, SQLITE_CORRUPT, failed `quick_check`):
    ///   renamed to `<name>.corrupt-<yyyyMMddTHHmmssZ>` with its `-wal`/`-shm`, recorded in
    ///   ``quarantinedFile``, and replaced by a new queue into which every readable run and
    ///   event of the damaged file is copied (``salvageReport``; events that cannot be read are
    ///   counted in "dropped.corrupt"); reported once through `logger`.
    /// - An SQLite database of another program: throws ``QueueError/notAQueue(_:)`` (untouched).
    /// - A read-only file or directory: throws ``QueueError/readOnly(_:)``.
    package init(path: String, options: QueueOptions = .init(), logger: (@Sendable (String) -> Void)? = nil) throws(QueueError) {
        try QueueFile.prepareDirectory(for: path)
        let opened: SQLiteConnection
        var quarantined: String?
        var damage = ""
        do throws(OpenFailure) {
            opened = try Self.openRetryingWhileBusy(path: path, options: options)
        } catch {
            guard case .damaged(let detail, let identity) = error else { throw error.queueError(path: path) }
            quarantined = try QueueFile.quarantine(path, expected: identity, nowSeconds: Int(EventQueue.now() / 1_000_000))
            damage = detail
            do throws(OpenFailure) {
                opened = try Self.openRetryingWhileBusy(path: path, options: options)
            } catch {
                throw error.queueError(path: path)
            }
        }
        self.path = path
        self.options = options
        self.logger = logger
        self.connection = opened
        self.quarantinedFile = quarantined
        self.pendingMigrations = []
        QueueFile.holdReserve(of: path, bytes: options.heldReserve)
        if let quarantined {
            // Salvage: every readable block of the damaged file (now moved aside, read-only)
            // goes into the fresh queue; what cannot be read is counted.
            if let salvage = QueueSalvage.read(quarantined), !salvage.runs.isEmpty || salvage.lostEvents > 0 {
                let report = try store(salvage, now: EventQueue.now())
                salvageReport = report
                logger?("elastic-apm queue: \(path) is damaged (\(damage)); moved it to \(quarantined), \(report.summary)")
            } else {
                logger?(
                    "elastic-apm queue: \(path) is damaged (\(damage)); moved it to \(quarantined) and started an empty queue")
            }
        }
    }

    private init(connection: SQLiteConnection, path: String, options: QueueOptions, pending: [SchemaMigration]) {
        self.path = path
        self.options = options
        self.logger = nil
        self.connection = connection
        self.quarantinedFile = nil
        self.pendingMigrations = pending
    }

    /// Opens an existing queue for inspection and maintenance (the CLI): never creates the file,
    /// never quarantines, never migrates (pending migrations are listed in ``pendingMigrations``
    /// and applied only by ``migrate()``), never changes the journal mode. A file without write
    /// permission is opened read-only (writes then throw ``QueueError/readOnly(_:)``).
    ///
    /// Throws ``QueueError/missingFile(_:)``, ``QueueError/notAQueue(_:)``,
    /// ``QueueError/corrupt(_:)``, ``QueueError/schemaTooNew(found:known:)`` or
    /// ``QueueError/locked(_:)``.
    package static func openExisting(path: String, options: QueueOptions = .init()) throws(QueueError) -> EventQueue {
        guard QueueFile.exists(path) else { throw .missingFile(path) }
        func mapped(_ error: SQLiteError) -> QueueError {
            switch error.primaryCode {
            case SQLITE_NOTADB: return .notAQueue(path)
            case SQLITE_CORRUPT: return .corrupt(path)
            default: return classify(error, path: path)
            }
        }
        let connection: SQLiteConnection
        do throws(SQLiteError) {
            connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
        } catch {
            throw mapped(error)
        }
        let runner = MigrationRunner(connection: connection, migrations: SchemaMigration.all, now: EventQueue.now)
        let state: MigrationRunner.FileState
        do throws(SQLiteError) {
            try connection.setNoCheckpointOnClose(true)
            try connection.setBusyTimeout(milliseconds: busyMilliseconds(options))
            state = try runner.readState()
        } catch {
            abandon(connection)
            throw mapped(error)
        }
        if state.userVersion > runner.latestVersion {
            abandon(connection)
            throw .schemaTooNew(found: state.userVersion, known: runner.latestVersion)
        }
        guard isQueue(state) else {
            abandon(connection)
            throw .notAQueue(path)
        }
        do throws(SQLiteError) {
            try connection.setNoCheckpointOnClose(false)
            try configure(connection, options: options, setWAL: false)
        } catch {
            abandon(connection)
            throw mapped(error)
        }
        return EventQueue(connection: connection, path: path, options: options, pending: runner.pending(after: state.userVersion))
    }

    /// Applies pending migrations (after ``openExisting(path:options:)``); returns the versions
    /// applied. Also switches the file to WAL mode.
    @discardableResult
    package func migrate() throws(QueueError) -> [Int] {
        let runner = MigrationRunner(connection: connection, migrations: SchemaMigration.all, now: EventQueue.now)
        do throws(SQLiteError) {
            try Self.setWAL(connection)
        } catch {
            throw Self.classify(error, path: path)
        }
        let applied: [Int]
        do throws(MigrationRunner.MigrationError) {
            applied = try runner.migrate()
        } catch {
            switch error {
            case .tooNew(let found, let known): throw .schemaTooNew(found: found, known: known)
            case .failed(_, _, let cause): throw Self.classify(cause, path: path)
            }
        }
        pendingMigrations = []
        return applied
    }

    /// Truncates the WAL into the database file (`wal_checkpoint(TRUNCATE)`), best effort:
    /// a checkpoint blocked by other connections is not an error.
    package func checkpoint() throws(QueueError) {
        try perform { () throws(SQLiteError) -> Void in
            do throws(SQLiteError) {
                try connection.withStatement("PRAGMA wal_checkpoint(TRUNCATE)") { (statement) throws(SQLiteError) -> Void in
                    try statement.run()
                }
            } catch {
                guard error.primaryCode == SQLITE_BUSY || error.primaryCode == SQLITE_LOCKED else { throw error }
            }
        }
    }

    /// Closes the connection (also done on deinit). Later calls throw
    /// ``QueueError/sqlite(code:message:)`` with SQLITE_MISUSE.
    package func close() {
        if connection.isOpen && !connection.isReadOnly && connection.isAutocommit {
            // Leaves no WAL behind when no other connection reads (else it stays for them).
            try? connection.setBusyTimeout(milliseconds: 0)
            try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        connection.close()
    }

    deinit {
        close()
    }

    // MARK: Opening

    /// Why opening for writing failed: a file to quarantine, or an error to report.
    enum OpenFailure: Error {
        /// The file is damaged: detail, and which file it was (to move only that one aside).
        case damaged(String, QueueFile.Identity?)
        case failed(QueueError)

        func queueError(path: String) -> QueueError {
            switch self {
            case .damaged: return .corrupt(path)
            case .failed(let error): return error
            }
        }
    }

    private static func busyMilliseconds(_ options: QueueOptions) -> Int32 {
        Int32(clamping: max(0, options.busyTimeout.inMicroseconds / 1_000))
    }

    private static func isQueue(_ state: MigrationRunner.FileState) -> Bool {
        if state.applicationID == MigrationRunner.applicationID { return true }
        // A fresh file: empty, or created by us and never migrated.
        return state.applicationID == 0 && state.userVersion == 0 && state.schemaObjects == 0
    }

    private static func isDamage(_ error: SQLiteError) -> Bool {
        error.primaryCode == SQLITE_CORRUPT || error.primaryCode == SQLITE_NOTADB
    }

    /// Creates the file if needed and runs `openForWriting`, retrying
    /// - while another process holds a lock, up to `busyTimeout`: some steps fail with
    ///   SQLITE_BUSY at once instead of waiting in the busy handler (switching a fresh file to WAL
    ///   while another connection reads its header; WAL recovery running in another process);
    ///   and SQLite tripping over another process's fresh -wal file (see `isTransient`);
    /// - when the file was replaced or removed during the attempt (another process quarantined
    ///   it and started a fresh one): whatever failed, failed on a file that is gone.
    private static func openRetryingWhileBusy(path: String, options: QueueOptions) throws(OpenFailure) -> SQLiteConnection {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.busyTimeout)
        var pauseMicroseconds: UInt32 = 2_000
        var replacements = 0
        while true {
            do throws(QueueError) {
                try QueueFile.createIfMissing(path)
            } catch {
                throw .failed(error)
            }
            let identity = QueueFile.identity(path)
            do throws(OpenFailure) {
                return try openForWriting(path: path, options: options, identity: identity)
            } catch {
                if QueueFile.identity(path) != identity && replacements < 20 {
                    replacements += 1
                    continue
                }
                guard isTransient(error), clock.now < deadline else { throw error }
                usleep(pauseMicroseconds)
                pauseMicroseconds = min(pauseMicroseconds * 2, 50_000)
            }
        }
    }

    /// Failures that go away by themselves: a lock held by another process, or SQLite finding a
    /// fresh file's -wal deleted under it by another process's close (SQLITE_IOERR_DELETE_NOENT).
    private static func isTransient(_ failure: OpenFailure) -> Bool {
        switch failure {
        case .failed(.locked): return true
        case .failed(.sqlite(let code, _)): return code == SQLITE_IOERR | (23 << 8)
        default: return false
        }
    }

    /// Opens, checks, configures and migrates the existing file at `path` (whose identity the
    /// caller noted, so that only that file is ever quarantined).
    private static func openForWriting(
        path: String, options: QueueOptions, identity: QueueFile.Identity?
    ) throws(OpenFailure) -> SQLiteConnection {
        let connection: SQLiteConnection
        do throws(SQLiteError) {
            connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
        } catch {
            if isDamage(error) { throw .damaged(error.message, identity) }
            throw .failed(classify(error, path: path, opening: true))
        }
        if connection.isReadOnly {
            abandon(connection)
            throw .failed(.readOnly(path))
        }
        do {
            // Until the file is known to be ours and not too new, nothing may write to it, not
            // even the checkpoint SQLite runs when the last connection closes.
            try connection.setNoCheckpointOnClose(true)
            try connection.setBusyTimeout(milliseconds: busyMilliseconds(options))
            let runner = MigrationRunner(connection: connection, migrations: SchemaMigration.all, now: EventQueue.now)
            let state = try runner.readState()
            if state.userVersion > runner.latestVersion {
                abandon(connection)
                throw OpenFailure.failed(.schemaTooNew(found: state.userVersion, known: runner.latestVersion))
            }
            guard isQueue(state) else {
                abandon(connection)
                throw OpenFailure.failed(.notAQueue(path))
            }
            try connection.setNoCheckpointOnClose(false)
            try configure(connection, options: options, setWAL: true)
            if options.verifyOnOpen && state.schemaObjects > 0 {
                let report = try connection.queryTexts("PRAGMA quick_check")
                if report != ["ok"] {
                    abandon(connection)
                    throw OpenFailure.damaged("quick_check: " + report.prefix(3).joined(separator: "; "), identity)
                }
            }
            do throws(MigrationRunner.MigrationError) {
                try runner.migrate()
            } catch {
                switch error {
                case .tooNew(let found, let known):
                    throw OpenFailure.failed(.schemaTooNew(found: found, known: known))
                case .failed(_, _, let cause):
                    throw cause
                }
            }
            QueueFile.restrictSidecars(of: path)
            return connection
        } catch let failure as OpenFailure {
            abandon(connection)
            throw failure
        } catch let error as SQLiteError {
            abandon(connection)
            if isDamage(error) { throw .damaged(error.message, identity) }
            throw .failed(classify(error, path: path, opening: true))
        } catch {
            abandon(connection)
            throw .failed(.sqlite(code: SQLITE_ERROR, message: "\(error)"))
        }
    }

    /// Closes a connection that failed to open properly, without letting SQLite checkpoint
    /// anything into a file that may be damaged or not ours.
    private static func abandon(_ connection: SQLiteConnection) {
        try? connection.setNoCheckpointOnClose(true)
        connection.close()
    }

    static func setWAL(_ connection: SQLiteConnection) throws(SQLiteError) {
        let mode = try connection.queryTexts("PRAGMA journal_mode = WAL")
        guard mode.first?.lowercased() == "wal" else {
            throw SQLiteError(
                code: SQLITE_ERROR, message: "could not switch to WAL mode (journal_mode is \(mode.first ?? "unknown"))")
        }
    }

    /// Per-connection settings.
    private static func configure(_ connection: SQLiteConnection, options: QueueOptions, setWAL wal: Bool) throws(SQLiteError) {
        try connection.enableDefensiveMode()
        if wal { try setWAL(connection) }
        switch options.durability {
        case .batched: try connection.execute("PRAGMA synchronous = NORMAL")
        case .strict: try connection.execute("PRAGMA synchronous = FULL")
        }
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("PRAGMA trusted_schema = OFF")
        // 2 MiB of page cache per connection: a commit writes at most ~1 MiB of ndjson as gzip
        // blocks (a tenth of it or less), which stays in memory until it ends; more cache only
        // adds to the resident memory of the writer's and the sender's connections.
        try connection.execute("PRAGMA cache_size = -2048")
        try connection.execute("PRAGMA temp_store = MEMORY")
        // Debian builds SQLite with SECURE_DELETE: every freed page would be zeroed, one WAL
        // frame each, so a DELETE of delivered blocks needed as much new room as they took, and
        // a full disk could not be drained. FAST only clears what is written anyway.
        try connection.execute("PRAGMA secure_delete = FAST")
        // The disk bound: the WAL is truncated to walLimit after a checkpoint resets it, a
        // passive checkpoint runs after any commit that leaves more than half of it, and the
        // page limit is a hard backstop behind eviction (an insert past it evicts and retries).
        let pageSize = max(512, Int64(try connection.queryInt("PRAGMA page_size") ?? 4096))
        try connection.setPragma("journal_size_limit", Int(options.walLimit))
        try connection.setPragma("wal_autocheckpoint", max(16, Int(options.walLimit / pageSize / 2)))
        let limit = options.maxBytes.addingReportingOverflow(512 << 10)
        let pages = limit.overflow ? Int64.max / pageSize : limit.partialValue / pageSize
        try connection.setPragma("max_page_count", Int(min(pages, 0xFFFF_FFFE)))
    }

    // MARK: Errors

    /// Maps an SQLite failure to a ``QueueError``.
    static func classify(_ error: SQLiteError, path: String, opening: Bool = false) -> QueueError {
        let errnoValue = error.systemErrno
        switch error.primaryCode {
        case SQLITE_FULL:
            return .diskFull
        case SQLITE_IOERR where errnoValue == ENOSPC || errnoValue == EDQUOT:
            return .diskFull
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .locked(path)
        case SQLITE_READONLY:
            return .readOnly(path)
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH, SQLITE_IOERR:
            if QueueFile.isPermissionError(errnoValue) || (opening && error.primaryCode == SQLITE_PERM) {
                return .readOnly(path)
            }
            return .sqlite(code: error.code, message: error.message)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return .corrupt(path)
        default:
            return .sqlite(code: error.code, message: error.message)
        }
    }

    /// Runs `body`, mapping SQLite failures to ``QueueError``.
    func perform<T>(_ body: () throws(SQLiteError) -> T) throws(QueueError) -> T {
        do {
            return try body()
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Runs `body` in one BEGIN IMMEDIATE transaction, mapping failures to ``QueueError``.
    /// On a full disk it checkpoints the WAL and tries once more: once every frame is in the
    /// database file, the next transaction writes the WAL from its start, in space the file
    /// already has, so that acknowledging, leasing and evicting work on a full file system.
    func write<T>(_ body: () throws(SQLiteError) -> T) throws(QueueError) -> T {
        do {
            return try perform { () throws(SQLiteError) -> T in
                try connection.withTransaction(.immediate, body)
            }
        } catch {
            guard error == .diskFull else { throw error }
            checkpointPassive()
            do {
                return try perform { () throws(SQLiteError) -> T in
                    try connection.withTransaction(.immediate, body)
                }
            } catch {
                // Still no room: give up the space held back for this moment, and try once more.
                guard error == .diskFull, QueueFile.releaseReserve(of: path) else { throw error }
                logger?("elastic-apm queue: the file system of \(path) is full; released the space held in reserve")
                return try perform { () throws(SQLiteError) -> T in
                    try connection.withTransaction(.immediate, body)
                }
            }
        }
    }

    /// `wal_checkpoint(PASSIVE)`, best effort: copies what it can of the WAL into the database
    /// file without waiting for anyone.
    func checkpointPassive() {
        _ = try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    }

    /// Runs `body` in one deferred (read) transaction: a consistent snapshot.
    func read<T>(_ body: () throws(SQLiteError) -> T) throws(QueueError) -> T {
        try perform { () throws(SQLiteError) -> T in
            try connection.withTransaction(.deferred, body)
        }
    }
}
