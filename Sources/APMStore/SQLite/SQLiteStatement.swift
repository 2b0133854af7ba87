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

/// A prepared statement. Owned by a ``SQLiteConnection`` (cached per SQL text) and used through
/// `SQLiteConnection.withStatement`, which resets it and clears its bindings after each use.
final class SQLiteStatement {
    let handle: OpaquePointer
    private let db: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String
    /// Set while a `withStatement` body runs, so that a nested use of the same SQL gets its own statement.
    var inUse = false

    init(db: OpaquePointer, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            var error = SQLiteError(code: rc == SQLITE_OK ? SQLITE_MISUSE : rc, db: db)
            if rc == SQLITE_OK { error.message = "empty statement: \(sql)" }
            throw error
        }
        self.handle = statement
        self.db = db
        self.sql = sql
    }

    private func check(_ rc: Int32) throws(SQLiteError) {
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, db: db) }
    }

    /// Binds `values` to parameters 1...n (a missing value stays NULL).
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value; text and blobs are copied by SQLite (SQLITE_TRANSIENT).
    func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .integer(let number):
            try check(sqlite3_bind_int64(handle, index, number))
        case .null:
            try check(sqlite3_bind_null(handle, index))
        case .text(let string):
            try bind(text: string, at: index)
        case .blob(let bytes):
            let rc = bytes.withUnsafeBytes { buffer -> Int32 in
                // A NULL pointer would bind SQL NULL; an empty blob must stay a (zero-length) blob.
                guard let base = buffer.baseAddress, !buffer.isEmpty else {
                    return sqlite3_bind_zeroblob(handle, index, 0)
                }
                return sqlite3_bind_blob64(handle, index, base, UInt64(buffer.count), csqlite_transient())
            }
            try check(rc)
        }
    }

    /// Binds `string` as text (copied by SQLite), straight from its UTF-8 storage.
    func bind(text string: String, at index: Int32) throws(SQLiteError) {
        var string = string
        let rc = string.withUTF8 { buffer -> Int32 in
            // An empty buffer may have no base address; SQLite needs a pointer for '' (not NULL).
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                sqlite3_bind_text64(handle, index, $0, UInt64(buffer.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
        try check(rc)
    }

    /// Advances; true when a row is available, false when done.
    func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: rc, db: db)
        }
    }

    /// Steps until done (for statements that return no rows, or whose rows are ignored).
    func run() throws(SQLiteError) {
        while try step() {}
    }

    /// Makes the statement runnable again with the same bindings (to rebind some of them).
    func rewind() {
        sqlite3_reset(handle)
    }

    /// Makes the statement reusable and drops its bindings (so no blob outlives its use).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func finalize() {
        sqlite3_finalize(handle)
    }

    // MARK: Columns (0-based)

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    func text(_ column: Int32) -> String {
        // Call order per the SQLite docs: the value first, then its byte count.
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func optionalBlob(_ column: Int32) -> [UInt8]? {
        isNull(column) ? nil : blob(column)
    }
}
