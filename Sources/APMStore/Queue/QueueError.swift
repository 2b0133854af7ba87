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

/// Why a queue operation failed. `description` is one human-readable line.
package enum QueueError: Error, CustomStringConvertible, Equatable {
    /// ``EventQueue/openExisting(path:options:)``: no file at this path.
    case missingFile(String)
    /// The file is not an SQLite database, or an SQLite database that is not a queue.
    case notAQueue(String)
    /// The file is damaged (SQLITE_CORRUPT, or failed integrity check).
    case corrupt(String)
    /// The file was written by a newer binary (schema version `found` > `known`); left untouched.
    case schemaTooNew(found: Int, known: Int)
    /// The file or its directory cannot be written; the caller should count and drop events.
    case readOnly(String)
    /// The disk (or the configured page limit) is full; the transaction was rolled back and the
    /// queue stays usable.
    case diskFull
    /// Another connection held a lock for longer than the busy timeout.
    case locked(String)
    /// The body of block `id` does not decode (damaged gzip data); `detail` says where.
    case damagedBlock(id: Int64, detail: String)
    /// Any other SQLite failure, with its (extended) result code and message.
    case sqlite(code: Int32, message: String)

    /// One line for logs and the CLI.
    package var description: String {
        switch self {
        case .missingFile(let path):
            return "queue file \(path) does not exist"
        case .notAQueue(let path):
            return "\(path) is not an APM event queue (not an SQLite database, or one made by another program)"
        case .corrupt(let path):
            return "queue file \(path) is corrupt"
        case .schemaTooNew(let found, let known):
            return "queue schema version \(found) is newer than this binary supports (\(known)); the file was left untouched"
        case .readOnly(let path):
            return "queue file \(path) or its directory is read-only; events cannot be stored"
        case .diskFull:
            return "no space left for the queue (disk full or size limit reached); the write was rolled back"
        case .locked(let path):
            return "queue file \(path) is locked by another process beyond the busy timeout"
        case .damagedBlock(let id, let detail):
            return "queue block \(id) is damaged: \(detail)"
        case .sqlite(let code, let message):
            return "SQLite error \(code): \(message)"
        }
    }
}
