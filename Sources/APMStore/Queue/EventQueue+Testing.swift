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

extension EventQueue {
    /// Test hook: sets this connection's `PRAGMA max_page_count` (to simulate a full disk);
    /// returns the limit in force (never below the current size).
    @discardableResult
    func setMaxPageCount(_ pages: Int) throws(QueueError) -> Int {
        try perform { () throws(SQLiteError) -> Int in
            try connection.setPragma("max_page_count", pages)
            return Int(try connection.queryInt("PRAGMA max_page_count") ?? 0)
        }
    }

    /// Test hook: the database size in pages.
    func pageCount() throws(QueueError) -> Int {
        try perform { () throws(SQLiteError) -> Int in Int(try connection.queryInt("PRAGMA page_count") ?? 0) }
    }

    /// Test hook: runs a read-only query returning text rows (e.g. EXPLAIN QUERY PLAN).
    func debugQueryTexts(_ sql: String, column: Int32 = 0) throws(QueueError) -> [String] {
        try perform { () throws(SQLiteError) -> [String] in
            try connection.withStatement(sql) { (statement) throws(SQLiteError) -> [String] in
                var rows: [String] = []
                while try statement.step() { rows.append(statement.text(column)) }
                return rows
            }
        }
    }
}
