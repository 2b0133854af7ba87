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

    /// The ndjson line of the oldest event in the queue file at `path`, if any.
    public static func oldestLine(path: String) throws -> [UInt8]? {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        return try queue.listEvents(limit: 1, includeBodies: true).first?.event.body
    }
}
