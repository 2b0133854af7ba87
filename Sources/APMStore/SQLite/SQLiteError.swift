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

/// A failed SQLite call: the (extended) result code, SQLite's message, and the OS `errno`
/// SQLite saw, if any. Internal: the package API turns it into ``QueueError``.
struct SQLiteError: Error, Equatable, CustomStringConvertible {
    /// Extended result code (e.g. `SQLITE_IOERR_WRITE`); `primaryCode` strips the extension.
    var code: Int32
    /// `sqlite3_errmsg` (or `sqlite3_errstr`) at the time of the failure.
    var message: String
    /// `sqlite3_system_errno` at the time of the failure (0 if none).
    var systemErrno: Int32 = 0

    /// The primary result code (`SQLITE_FULL`, `SQLITE_IOERR`, ...).
    var primaryCode: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }

    /// Reads the error state of `db` after a call returned `code`.
    init(code: Int32, db: OpaquePointer?) {
        self.code = code
        if let db {
            // The connection's own message is only meaningful if it matches this code.
            let extended = sqlite3_extended_errcode(db)
            if extended == code || extended & 0xFF == code & 0xFF {
                self.message = String(cString: sqlite3_errmsg(db))
            } else {
                self.message = String(cString: sqlite3_errstr(code))
            }
            self.systemErrno = sqlite3_system_errno(db)
        } else {
            self.message = String(cString: sqlite3_errstr(code))
        }
    }

    /// An error raised by the store itself, reported with an SQLite result code.
    init(code: Int32, message: String, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.systemErrno = systemErrno
    }
}
