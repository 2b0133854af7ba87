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

/// A consistent snapshot of the queue, from ``EventQueue/stats(now:)``.
package struct QueueStats: Sendable, Equatable {
    /// Events in all blocks.
    package var events: Int
    /// Stored (compressed) bytes of all blocks.
    package var bytes: Int64
    /// Events per kind (kinds with no events are absent).
    package var byKind: [String: Int]
    /// Stored bytes per kind (kinds with no events are absent).
    package var bytesByKind: [String: Int64]
    /// ndjson bytes of all events (newlines included): `rawBytes / bytes` is the compression ratio.
    package var rawBytes: Int64 = 0
    /// Rows in `blocks`.
    package var blocks: Int = 0
    /// Oldest capture time (µs), nil when empty.
    package var oldestCreatedAt: Int64?
    /// Newest capture time (µs), nil when empty.
    package var newestCreatedAt: Int64?
    /// Rows in `dead_letters`.
    package var deadLetters: Int
    /// Events in blocks under a lease that has not expired at `now`.
    package var leasesHeld: Int
    /// Rows in `metadata`.
    package var metadataRows: Int
    /// `PRAGMA user_version`.
    package var schemaVersion: Int
    /// Size of the database file in bytes (without the WAL).
    package var fileSize: Int64
    /// Size of the `-wal` file in bytes (0 if absent).
    package var walSize: Int64
    /// Size of the `-shm` file in bytes (0 if absent).
    package var shmSize: Int64 = 0
    /// Bytes of the database file's free pages (as of the last checkpoint): room that new blocks
    /// reuse before the file grows.
    package var freeBytes: Int64 = 0
    /// The `counters` table.
    package var counters: [String: Int64]

    /// Creates a value (normally produced by the store).
    package init(
        events: Int, bytes: Int64, byKind: [String: Int], bytesByKind: [String: Int64],
        oldestCreatedAt: Int64?, newestCreatedAt: Int64?, deadLetters: Int, leasesHeld: Int,
        metadataRows: Int, schemaVersion: Int, fileSize: Int64, walSize: Int64, counters: [String: Int64]
    ) {
        self.events = events
        self.bytes = bytes
        self.byKind = byKind
        self.bytesByKind = bytesByKind
        self.oldestCreatedAt = oldestCreatedAt
        self.newestCreatedAt = newestCreatedAt
        self.deadLetters = deadLetters
        self.leasesHeld = leasesHeld
        self.metadataRows = metadataRows
        self.schemaVersion = schemaVersion
        self.fileSize = fileSize
        self.walSize = walSize
        self.counters = counters
    }
}
