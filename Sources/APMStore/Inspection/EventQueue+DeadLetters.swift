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
    /// Up to `limit` dead letters, newest first by default.
    package func deadLetters(limit: Int, order: EventOrder = .newestFirst) throws(QueueError) -> [DeadLetter] {
        guard limit > 0 else { return [] }
        let sql = order == .newestFirst ? QueueSQL.listDeadLettersNewest : QueueSQL.listDeadLettersOldest
        return try perform { () throws(SQLiteError) -> [DeadLetter] in
            try connection.withStatement(sql) { (statement) throws(SQLiteError) -> [DeadLetter] in
                try statement.bind([.integer(Int64(limit))])
                var rows: [DeadLetter] = []
                while try statement.step() {
                    rows.append(
                        DeadLetter(
                            id: statement.int64(0), eventID: statement.optionalInt64(1),
                            metadataID: statement.optionalInt64(2), kind: statement.optionalText(3),
                            createdAt: statement.optionalInt64(4), rejectedAt: statement.optionalInt64(5),
                            status: statement.optionalInt64(6).map { Int($0) }, reason: statement.optionalText(7),
                            body: statement.optionalBlob(8)
                        ))
                }
                return rows
            }
        }
    }

    /// Moves dead letters back to the end of the queue (new ids, attempts 0): those of `ids`,
    /// or all if nil. A dead letter whose metadata row is gone stays where it is. Then applies
    /// the queue limits. Returns how many were requeued.
    @discardableResult
    package func requeueDeadLetters(ids: [Int64]? = nil, now: Int64) throws(QueueError) -> Int {
        try write { () throws(SQLiteError) -> Int in
            let targets: [Int64]
            if let ids { targets = ids } else { targets = try allDeadLetterIDs() }
            var requeued = 0
            for id in targets {
                let letter = try connection.withStatement(QueueSQL.selectDeadLetterToRequeue) {
                    (statement) throws(SQLiteError) -> (Int64, NewEvent)? in
                    try statement.bind([.integer(id)])
                    guard try statement.step() else { return nil }
                    return (
                        statement.int64(0),
                        NewEvent(kind: statement.text(1), createdAt: statement.optionalInt64(2) ?? now, body: statement.blob(3))
                    )
                }
                guard let (metadataID, event) = letter else { continue }
                let drafts: [BlockDraft]
                do throws(QueueError) { drafts = try BlockDraft.make([event]) } catch {
                    throw SQLiteError(code: 1, message: error.description)
                }
                try insert(drafts, metadataID: metadataID)
                try connection.execute(QueueSQL.deleteDeadLetter, [.integer(id)])
                requeued += 1
            }
            if requeued > 0 { _ = try evictLocked(now: now) }
            return requeued
        }
    }

    /// Deletes dead letters: those of `ids`, or all if nil. Returns how many.
    @discardableResult
    package func purgeDeadLetters(ids: [Int64]? = nil) throws(QueueError) -> Int {
        try write { () throws(SQLiteError) -> Int in
            var purged = 0
            if let ids {
                for id in ids { purged += try connection.execute(QueueSQL.deleteDeadLetter, [.integer(id)]) }
            } else {
                purged = try connection.execute(QueueSQL.deleteAllDeadLetters)
            }
            if purged > 0 { try housekeepMetadata() }
            return purged
        }
    }

    private func allDeadLetterIDs() throws(SQLiteError) -> [Int64] {
        try connection.withStatement(QueueSQL.allDeadLetterIDs) { (statement) throws(SQLiteError) -> [Int64] in
            var ids: [Int64] = []
            while try statement.step() { ids.append(statement.int64(0)) }
            return ids
        }
    }
}
