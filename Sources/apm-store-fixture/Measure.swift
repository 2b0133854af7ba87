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

// `apm-store-fixture measure DIR COUNT`: the numbers of the queue's storage (not a test; run it
// from a release build): bytes on disk per event during an outage (commits of 50 demo-like
// events, merged as the writer does), insert rate of blocks against the per-row insert of queue
// schema 3, and the peak of file + WAL + shm at full speed under a 2 MiB cap.

import APMStore
import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// Demo-like intake lines (the shape of apm-demo's): shared structure, random ids.
struct DemoLines {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    private mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    private mutating func hex(_ count: Int) -> String {
        var text = ""
        while text.count < count { text += String(next(), radix: 16) }
        return String(text.prefix(count))
    }

    mutating func commit(_ size: Int, at now: Int64) -> [NewEvent] {
        let trace = hex(32)
        let transaction = hex(16)
        return (0..<size).map { index in
            let duration = Int(next() % 90_000)
            if index == 0 {
                return NewEvent(
                    kind: "transaction", createdAt: now,
                    body: Array(
                        #"{"transaction":{"id":"\#(transaction)","trace_id":"\#(trace)","name":"GET /api/orders/{id}","type":"request","duration":\#(duration).5,"timestamp":\#(now),"result":"HTTP 2xx","outcome":"success","sampled":true,"span_count":{"started":\#(size - 1),"dropped":0},"context":{"request":{"method":"GET","url":{"pathname":"/api/orders/\#(duration)"}},"response":{"status_code":200}}}}"#
                            .utf8))
            }
            if index % 17 == 0 {
                return NewEvent(
                    kind: "error", createdAt: now,
                    body: Array(
                        #"{"error":{"id":"\#(hex(32))","trace_id":"\#(trace)","transaction_id":"\#(transaction)","parent_id":"\#(transaction)","timestamp":\#(now),"culprit":"OrderService.load","exception":{"message":"order \#(duration) not found","type":"NotFound","handled":true}}}"#
                            .utf8))
            }
            return NewEvent(
                kind: "span", createdAt: now,
                body: Array(
                    #"{"span":{"id":"\#(hex(16))","trace_id":"\#(trace)","transaction_id":"\#(transaction)","parent_id":"\#(transaction)","name":"SELECT FROM orders","type":"db","subtype":"postgresql","action":"query","duration":\#(duration).25,"timestamp":\#(now + Int64(index)),"outcome":"success","context":{"db":{"statement":"SELECT * FROM orders WHERE id = $1","type":"sql"}}}}"#
                        .utf8))
        }
    }
}

func fileSize(_ path: String) -> Int64 {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : 0
}

/// `bytes / events` with one decimal.
func perEvent(_ bytes: Int64, _ events: Int) -> String {
    guard events > 0 else { return "-" }
    let tenths = bytes * 10 / Int64(events)
    return "\(tenths / 10).\(tenths % 10)"
}

/// Events per second.
func rate(_ events: Int, _ seconds: Double) -> Int {
    seconds > 0 ? Int(Double(events) / seconds) : 0
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func measure(directory: String, count: Int) {
    let commits = count / 50
    var demo = DemoLines(seed: 1)
    let workload = (0..<commits).map { demo.commit(50, at: EventQueue.now() + Int64($0)) }
    let rawBytes = workload.reduce(0) { $0 + $1.reduce(0) { $0 + $1.body.count + 1 } }
    say("workload: \(commits * 50) events in commits of 50, \(rawBytes / (commits * 50)) B of ndjson per event")

    // Blocks, merged as the writer does during an outage (64 blocks at a time).
    do {
        let path = directory + "/blocks.sqlite"
        let queue = try EventQueue(path: path, options: QueueOptions(maxBytes: 4 << 30, mergeAfter: .zero))
        let run = try queue.registerMetadata(Array(#"{"metadata":{}}"#.utf8), createdAt: EventQueue.now())
        let clock = ContinuousClock()
        var merging = Duration.zero
        let started = clock.now
        for (index, events) in workload.enumerated() {
            try queue.append(events, metadataID: run, now: EventQueue.now())
            if index % 20 == 19 {
                let mergeStart = clock.now
                try queue.mergeWaitingBlocks(now: EventQueue.now(), limit: 64)
                merging += mergeStart.duration(to: clock.now)
            }
        }
        let elapsed = seconds(started.duration(to: clock.now))
        let stats = try queue.stats(now: EventQueue.now())
        let disk = fileSize(path) + fileSize(path + "-wal")
        let mergeMilliseconds = Int(seconds(merging) * 1000)
        let totalMilliseconds = Int(elapsed * 1000)
        say(
            "blocks: \(rate(stats.events, elapsed)) events/s appended (merging took \(mergeMilliseconds) ms of \(totalMilliseconds) ms)"
        )
        say("blocks: \(stats.blocks) blocks, stored \(stats.bytes) B = \(perEvent(stats.bytes, stats.events)) B/event")
        say("blocks: file+WAL \(disk) B = \(perEvent(disk, stats.events)) B/event")
        queue.close()
        let closed = fileSize(path)
        let wal = fileSize(path + "-wal")
        say("blocks after close (WAL truncated): file \(closed) B = \(perEvent(closed, stats.events)) B/event, WAL \(wal) B")
    } catch {
        say("error blocks \(error)")
    }

    // Schema 3's per-row insert of the same rows (32 rows per statement, one transaction per commit).
    do {
        let path = directory + "/rows.sqlite"
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            fail("open rows")
        }
        defer { sqlite3_close_v2(db) }
        func exec(_ sql: String) {
            if sqlite3_exec(db, sql, nil, nil, nil) != SQLITE_OK { fail("exec \(sql): \(String(cString: sqlite3_errmsg(db)))") }
        }
        exec("PRAGMA journal_mode = WAL")
        exec("PRAGMA synchronous = NORMAL")
        exec("PRAGMA cache_size = -8192")
        exec(
            """
            CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, metadata_id INTEGER NOT NULL, kind TEXT NOT NULL,
                created_at INTEGER NOT NULL, size INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT, lease_until INTEGER, body BLOB NOT NULL) STRICT;
            CREATE INDEX events_created ON events(created_at);
            CREATE INDEX events_run ON events(metadata_id);
            CREATE INDEX events_leased ON events(lease_until) WHERE lease_until IS NOT NULL;
            """)
        let row = "(1, ?, ?, ?, ?)"
        let sql =
            "INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES "
            + Array(repeating: row, count: 25).joined(separator: ", ")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { fail("prepare") }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let clock = ContinuousClock()
        let started = clock.now
        for events in workload {
            exec("BEGIN IMMEDIATE")
            for half in 0..<2 {
                for (offset, event) in events[(half * 25)..<(half * 25 + 25)].enumerated() {
                    let first = Int32(offset * 4 + 1)
                    sqlite3_bind_text(statement, first, event.kind, -1, transient)
                    sqlite3_bind_int64(statement, first + 1, event.createdAt)
                    sqlite3_bind_int64(statement, first + 2, Int64(event.body.count))
                    _ = event.body.withUnsafeBytes {
                        sqlite3_bind_blob(statement, first + 3, $0.baseAddress, Int32($0.count), transient)
                    }
                }
                guard sqlite3_step(statement) == SQLITE_DONE else { fail("insert: \(String(cString: sqlite3_errmsg(db)))") }
                sqlite3_reset(statement)
            }
            exec("COMMIT")
        }
        let elapsed = seconds(started.duration(to: clock.now))
        let disk = fileSize(path) + fileSize(path + "-wal")
        let events = commits * 50
        say("rows (schema 3): \(rate(events, elapsed)) events/s inserted, file+WAL \(disk) B = \(perEvent(disk, events)) B/event")
    }

    // The disk bound at full speed under a 2 MiB cap, a reader listing now and then.
    do {
        let path = directory + "/capped.sqlite"
        let cap: Int64 = 2 << 20
        let queue = try EventQueue(path: path, options: QueueOptions(maxBytes: cap, mergeAfter: .zero))
        let reader = try EventQueue.openExisting(path: path)
        let run = try queue.registerMetadata(Array(#"{"metadata":{}}"#.utf8), createdAt: EventQueue.now())
        var peak: Int64 = 0
        let clock = ContinuousClock()
        let started = clock.now
        for (index, events) in workload.enumerated() {
            try queue.append(events, metadataID: run, now: EventQueue.now())
            if index % 20 == 19 { try queue.mergeWaitingBlocks(now: EventQueue.now(), limit: 64) }
            if index % 50 == 0 { _ = try reader.listEvents(order: .newestFirst, limit: 10) }
            peak = max(peak, fileSize(path) + fileSize(path + "-wal") + fileSize(path + "-shm"))
        }
        let elapsed = seconds(started.duration(to: clock.now))
        let stats = try queue.stats(now: EventQueue.now())
        let over = peak - cap
        say("capped at \(cap) B: peak file+WAL+shm \(peak) B (cap + \(over) B), \(rate(commits * 50, elapsed)) events/s")
        let errors = stats.byKind["error"] ?? 0
        let transactions = stats.byKind["transaction"] ?? 0
        let spans = stats.byKind["span"] ?? 0
        let evicted = stats.counters["dropped.queue_max_bytes"] ?? 0
        say("capped: \(stats.events) kept (errors \(errors), transactions \(transactions), spans \(spans)), evicted \(evicted)")
        reader.close()
        queue.close()
    } catch {
        say("error capped \(error)")
    }
}
