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

import Foundation
import APMTestSupport
import Testing
@testable import APMStore

/// Demo-like intake lines: shared structure, random ids (which set the floor of compression).
struct DemoEvents {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func hex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }

    /// One commit's worth: a transaction with spans, now and then an error.
    mutating func commit(_ size: Int, at createdAt: Int64) -> [NewEvent] {
        let trace = hex(32)
        let transaction = hex(16)
        var events: [NewEvent] = []
        for index in 0..<size {
            let id = hex(16)
            let duration = Int.random(in: 1...90_000, using: &generator)
            if index == 0 {
                events.append(
                    NewEvent(
                        kind: "transaction", createdAt: createdAt,
                        body: Array(
                            #"{"transaction":{"id":"\#(transaction)","trace_id":"\#(trace)","name":"GET /api/orders/{id}","type":"request","duration":\#(duration).5,"timestamp":\#(createdAt),"result":"HTTP 2xx","outcome":"success","sampled":true,"span_count":{"started":\#(size - 1),"dropped":0},"context":{"request":{"method":"GET","url":{"pathname":"/api/orders/\#(duration)"}},"response":{"status_code":200}}}}"#
                                .utf8)))
            } else if index % 17 == 0 {
                events.append(
                    NewEvent(
                        kind: "error", createdAt: createdAt,
                        body: Array(
                            #"{"error":{"id":"\#(id)","trace_id":"\#(trace)","transaction_id":"\#(transaction)","parent_id":"\#(transaction)","timestamp":\#(createdAt),"culprit":"OrderService.load","exception":{"message":"order \#(duration) not found","type":"NotFound","handled":true}}}"#
                                .utf8)))
            } else {
                events.append(
                    NewEvent(
                        kind: "span", createdAt: createdAt,
                        body: Array(
                            #"{"span":{"id":"\#(id)","trace_id":"\#(trace)","transaction_id":"\#(transaction)","parent_id":"\#(transaction)","name":"SELECT FROM orders","type":"db","subtype":"postgresql","action":"query","duration":\#(duration).25,"timestamp":\#(createdAt + Int64(index)),"outcome":"success","context":{"db":{"statement":"SELECT * FROM orders WHERE id = $1","type":"sql"}}}}"#
                                .utf8)))
            }
        }
        return events
    }
}

@Suite("Disk bound", .timeLimit(.minutes(3)))
struct DiskBoundTests {
    /// Main file + WAL + shm.
    static func diskBytes(_ path: String) -> Int64 {
        QueueFile.size(path) + QueueFile.size(path + "-wal") + QueueFile.size(path + "-shm")
    }

    @Test("main file + WAL + shm stay within maxBytes + 1 MiB at full speed, also while another connection reads")
    func bound() throws {
        let cap: Int64 = 2 << 20
        let f = try Fixture(QueueOptions(maxBytes: cap))
        defer { f.done() }
        let q = f.queue
        let reader = try EventQueue.openExisting(path: f.path)
        defer { reader.close() }
        let m = try q.registerMetadata(bytes(#"{"metadata":{"service":{"name":"demo"}}}"#), createdAt: t0)
        var demo = DemoEvents(seed: 11)
        var peak: Int64 = 0
        var appended = 0
        for commit in 0..<2_000 {
            let events = demo.commit(50, at: t0 + Int64(commit) * 1_000)
            try q.append(events, metadataID: m, now: t0)
            appended += events.count
            if commit % 10 == 0 { _ = try reader.listEvents(order: .newestFirst, limit: 20) }
            if commit % 50 == 0 { try q.mergeWaitingBlocks(now: t0 + 3600 * second, limit: 200) }
            peak = max(peak, Self.diskBytes(f.path))
        }
        let stats = try q.stats(now: t0)
        #expect(peak <= cap + (1 << 20), "peak \(peak) bytes on disk for a cap of \(cap)")
        #expect(stats.counters[EventQueue.CounterName.droppedMaxBytes] ?? 0 > 0, "the workload must exceed the cap")
        #expect(
            stats.events + Int(stats.counters[EventQueue.CounterName.droppedMaxBytes] ?? 0) == appended,
            "every event is stored or counted")
        #expect(stats.byKind["error"] ?? 0 == appended / 50 * 2, "no error is evicted while spans remain")
        try TotalsTests.expectExact(q, "bound")
    }

    @Test("close truncates the WAL")
    func closeTruncatesWAL() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("q.sqlite")
        let q = try EventQueue(path: path)
        let m = try q.registerMetadata(bytes("m"), createdAt: t0)
        var demo = DemoEvents(seed: 3)
        for commit in 0..<50 { try q.append(demo.commit(50, at: t0 + Int64(commit)), metadataID: m, now: t0) }
        #expect(QueueFile.size(path + "-wal") > 0)
        q.close()
        #expect(QueueFile.size(path + "-wal") == 0)
        let again = try EventQueue(path: path)
        defer { again.close() }
        #expect(try again.pendingEventCount() == 2_500)
    }
}
