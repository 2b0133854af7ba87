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

/// One SQLite connection with a per-connection cache of prepared statements.
///
/// Not thread-safe by design: it belongs to one ``EventQueue``, which has one owner at a time.
/// Values always travel as bound parameters; `sqlite3_exec` is used only for the embedded
/// migration scripts (`executeScript`).
final class SQLiteConnection {
    private var db: OpaquePointer?
    /// The database file.
    let path: String
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens `path` with `flags` (SQLITE_OPEN_*); extended result codes are always on, and the
    /// connection's own mutex is off (`SQLITE_OPEN_NOMUTEX`): it is used by one thread at a time,
    /// so locking it on every call would be pure cost.
    init(path: String, flags: Int32) throws(SQLiteError) {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let error = SQLiteError(code: rc == SQLITE_OK ? SQLITE_CANTOPEN : rc, db: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        sqlite3_extended_result_codes(handle, 1)
        self.db = handle
        self.path = path
    }

    deinit {
        close()
    }

    /// False after `close()`.
    var isOpen: Bool { db != nil }

    /// The raw handle, or SQLITE_MISUSE once closed.
    func handle() throws(SQLiteError) -> OpaquePointer {
        guard let db else { throw SQLiteError(code: SQLITE_MISUSE, message: "the queue is closed") }
        return db
    }

    /// Finalizes every cached statement and closes the connection. Idempotent.
    func close() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        if let db {
            sqlite3_close_v2(db)
            self.db = nil
        }
    }

    /// True when SQLite opened the main database read-only (e.g. no write permission).
    var isReadOnly: Bool {
        guard let db else { return true }
        return sqlite3_db_readonly(db, "main") == 1
    }

    /// True when no transaction is open.
    var isAutocommit: Bool {
        guard let db else { return true }
        return sqlite3_get_autocommit(db) != 0
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE (triggers excluded).
    var changes: Int {
        guard let db else { return 0 }
        return Int(sqlite3_changes64(db))
    }

    /// Rowid of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 {
        guard let db else { return 0 }
        return sqlite3_last_insert_rowid(db)
    }

    /// Sets the busy handler to wait up to `milliseconds` for a lock.
    func setBusyTimeout(milliseconds: Int32) throws(SQLiteError) {
        let db = try handle()
        let rc = sqlite3_busy_timeout(db, milliseconds)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, db: db) }
    }

    /// Turns on SQLITE_DBCONFIG_DEFENSIVE (no SQL can deliberately corrupt the file).
    func enableDefensiveMode() throws(SQLiteError) {
        let db = try handle()
        let rc = csqlite_enable_defensive(db)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, db: db) }
    }

    /// While `on`, closing this (last) connection leaves the WAL as it is instead of checkpointing
    /// it into the database file: lets the store read a file's header without ever writing to it.
    func setNoCheckpointOnClose(_ on: Bool) throws(SQLiteError) {
        let db = try handle()
        let rc = csqlite_set_no_checkpoint_on_close(db, on ? 1 : 0)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, db: db) }
    }

    /// Runs `body` with the cached prepared statement for `sql`, then resets it and clears its
    /// bindings whatever happens. A nested use of the same SQL gets a temporary statement.
    func withStatement<T>(_ sql: String, _ body: (SQLiteStatement) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        let db = try handle()
        let statement: SQLiteStatement
        var temporary = false
        if let cached = statements[sql], !cached.inUse {
            statement = cached
        } else if statements[sql] != nil {
            statement = try SQLiteStatement(db: db, sql: sql)
            temporary = true
        } else {
            statement = try SQLiteStatement(db: db, sql: sql)
            statements[sql] = statement
        }
        statement.inUse = true
        defer {
            statement.reset()
            statement.inUse = false
            if temporary { statement.finalize() }
        }
        return try body(statement)
    }

    /// Runs one statement with bound `values`, ignoring any rows; returns `changes`.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try withStatement(sql) { (statement) throws(SQLiteError) -> Void in
            try statement.bind(values)
            try statement.run()
        }
        return changes
    }

    /// The first column of the first row as an integer (nil if no row or NULL).
    func queryInt(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int64? {
        try withStatement(sql) { (statement) throws(SQLiteError) -> Int64? in
            try statement.bind(values)
            guard try statement.step() else { return nil }
            return statement.optionalInt64(0)
        }
    }

    /// The first column of every row as text (NULL as "").
    func queryTexts(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> [String] {
        try withStatement(sql) { (statement) throws(SQLiteError) -> [String] in
            try statement.bind(values)
            var rows: [String] = []
            while try statement.step() { rows.append(statement.text(0)) }
            return rows
        }
    }

    /// Sets an integer pragma. The name is a compile-time constant and the value an integer,
    /// so nothing from outside can reach the SQL text.
    func setPragma(_ name: StaticString, _ value: Int) throws(SQLiteError) {
        try execute("PRAGMA \(name) = \(value)")
    }

    /// Runs a multi-statement script through `sqlite3_exec`. Only for the embedded migrations,
    /// which are constant text compiled into the binary.
    func executeScript(_ sql: String) throws(SQLiteError) {
        let db = try handle()
        var messagePointer: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &messagePointer)
        if rc != SQLITE_OK {
            var error = SQLiteError(code: rc, db: db)
            if let messagePointer {
                error.message = String(cString: messagePointer)
            }
            sqlite3_free(messagePointer)
            throw error
        }
    }

    /// How a transaction takes its locks.
    enum TransactionKind {
        /// BEGIN IMMEDIATE: takes the write lock at once (waiting up to busy_timeout), so that
        /// reads inside see the state the writes apply to. Every writing transaction uses it.
        case immediate
        /// BEGIN (deferred): a consistent read snapshot.
        case deferred
    }

    /// Runs `body` in a transaction; commits on success, rolls back on any error.
    func withTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        switch kind {
        case .immediate: try execute("BEGIN IMMEDIATE")
        case .deferred: try execute("BEGIN DEFERRED")
        }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollbackIfNeeded()
            throw error
        }
    }

    /// Rolls back the open transaction, if any. SQLite may already have rolled back by itself
    /// (after SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM...), hence the autocommit check.
    func rollbackIfNeeded() {
        guard let db, sqlite3_get_autocommit(db) == 0 else { return }
        _ = try? execute("ROLLBACK")
    }
}
