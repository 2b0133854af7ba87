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

import APMStore
import APMTransport
import Foundation

/// Raw access to a queue file for the benchmark suite (`Benchmarks/`), which measures the agent's
/// writer and sender against plain inserts of the same rows. Not for applications.
@_spi(Benchmarking)
public enum QueueFileBenchmarking {
    /// Appends `count` copies of `line` (one intake ndjson line without its newline) of intake type
    /// `kind` to the queue file at `path`, created if missing, in transactions of `perTransaction`
    /// events, under a new run whose metadata line is `metadata`.
    public static func append(
        path: String, metadata: [UInt8], line: [UInt8], kind: String, count: Int, perTransaction: Int,
        maxBytes: Int = 4 << 30
    ) throws {
        let queue = try EventQueue(path: path, options: QueueOptions(maxBytes: Int64(maxBytes)))
        defer { queue.close() }
        let metadataID = try queue.registerMetadata(metadata, createdAt: EventQueue.now())
        let size = max(1, perTransaction)
        var remaining = count
        while remaining > 0 {
            let rows = (0..<min(size, remaining)).map { _ in NewEvent(kind: kind, createdAt: EventQueue.now(), body: line) }
            try queue.append(rows, metadataID: metadataID, now: EventQueue.now())
            remaining -= rows.count
        }
    }

    /// The events (leased or not) in the queue file at `path`.
    public static func pendingEvents(path: String) throws -> Int {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        return try queue.pendingEventCount()
    }

    /// What the queue file at `path` holds: events, blocks, the blocks' stored bytes, the sizes
    /// of the main file and the WAL, and the main file's free pages in bytes.
    public static func storage(
        path: String
    ) throws -> (
        events: Int, blocks: Int, blockBytes: Int64, file: Int64, wal: Int64, free: Int64
    ) {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let stats = try queue.stats(now: EventQueue.now())
        return (stats.events, stats.blocks, stats.bytes, stats.fileSize, stats.walSize, stats.freeBytes)
    }

    /// The bytes the queue file at `path` takes on disk: the main file, its `-wal` and `-shm`.
    public static func diskBytes(path: String) -> Int {
        [path, path + "-wal", path + "-shm"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            return total + (size ?? 0)
        }
    }

    /// The events in an intake request body as the agent sends it (gzip members that inflate to the
    /// metadata line and one line per event); `nil` when the body is not such gzip data.
    public static func intakeEventCount(gzipBody: [UInt8]) -> Int? {
        guard let lines = Gzip.count(of: UInt8(ascii: "\n"), inMembers: gzipBody) else { return nil }
        return max(0, lines - 1)
    }

    /// The ndjson line of the oldest event in the queue file at `path`, if any.
    public static func oldestLine(path: String) throws -> [UInt8]? {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        return try queue.listEvents(limit: 1, includeBodies: true).first?.event.body
    }
}
