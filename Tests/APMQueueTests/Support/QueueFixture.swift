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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A queue file as an application leaves it: two process runs with transactions, spans,
/// errors and a metricset, one run whose two events the server rejected (dead letters), one
/// event leased by a sender, agent counters, and a cached central configuration.
struct QueueFixture {
    /// Microseconds.
    static let second: Int64 = 1_000_000

    let dir: TempDir
    let path: String
    /// When the fixture was built (µs).
    let now: Int64
    /// Metadata lines of the runs with waiting events, in export order.
    let metadataLines: [String]
    /// Event lines per run, in FIFO order (same order as `metadataLines`).
    let eventLines: [[String]]
    /// Row ids of the waiting events, FIFO order, all runs.
    let eventIDs: [Int64]
    /// The leased event's id.
    let leasedID: Int64
    /// Dead letter ids, oldest first.
    let deadLetterIDs: [Int64]
    /// Kinds of the waiting events.
    let byKind: [String: Int]
    /// Summed sizes of the waiting events.
    let bytes: Int

    var events: Int { eventIDs.count }

    /// The ndjson the sender would send: each run's metadata line, then its events.
    var expectedExport: String {
        zip(metadataLines, eventLines).map { ([$0] + $1).map { $0 + "\n" }.joined() }.joined()
    }

    init() throws {
        dir = try TempDir()
        path = dir.file("queue.sqlite")
        now = EventQueue.now()
        let queue = try EventQueue(path: path)
        defer { queue.close() }

        // A run whose events APM Server rejected (oldest, so claimed first).
        let rejectedRun = try queue.registerMetadata(
            Self.bytes(Self.metadata(pid: 4100, version: "1.4.0")), createdAt: now - 3 * 3600 * Self.second)
        let rejected = [
            NewEvent(
                kind: "span", createdAt: now - 3 * 3600 * Self.second,
                body: Self.bytes(Self.span(name: "SELECT FROM carts", type: "db", subtype: "postgresql", duration: "-1"))),
            NewEvent(
                kind: "error", createdAt: now - 3 * 3600 * Self.second,
                body: Self.bytes(Self.error(type: "DecodingError", message: "bad payload"))),
        ]
        try queue.append(rejected, metadataID: rejectedRun, now: now)
        // One block per kind: the span's, then the error's.
        let claimed = try #require(
            try queue.claimBlocks(owner: "sender-1", maxBytes: 1 << 20, maxEvents: 2, lease: .seconds(60), now: now))
        try queue.settleRejected(
            blocks: claimed.ids,
            rejected: [
                RejectedLine(blockID: claimed.ids[0], line: 0, reason: "span.duration: must be >= 0"),
                RejectedLine(blockID: claimed.ids[1], line: 0, reason: "error: exception.message too long"),
            ], status: 400, owner: "sender-1", now: now - 60 * Self.second)
        deadLetterIDs = try queue.deadLetters(limit: 10, order: .oldestFirst).map(\.id)

        // Yesterday's process: queued two hours ago, never sent.
        let oldMetadata = Self.metadata(pid: 4242, version: "1.4.1")
        let oldRun = try queue.registerMetadata(Self.bytes(oldMetadata), createdAt: now - 2 * 3600 * Self.second)
        let oldAt = now - 2 * 3600 * Self.second
        let oldEvents = [
            ("transaction", Self.transaction(name: "GET /orders/:id", result: "HTTP 2xx", spans: 3)),
            ("span", Self.span(name: "SELECT FROM orders", type: "db", subtype: "postgresql", duration: "1.25")),
            ("span", Self.span(name: "GET inventory.internal", type: "external", subtype: "http", duration: "12.5")),
            ("span", Self.span(name: "render order", type: "app", subtype: "internal", duration: "0.4")),
            (
                "error",
                Self.error(
                    type: "OrderService.InventoryTimeout",
                    message: String(repeating: "the inventory service did not answer in time; ", count: 4))
            ),
        ]
        try queue.append(
            oldEvents.map { NewEvent(kind: $0.0, createdAt: oldAt, body: Self.bytes($0.1)) }, metadataID: oldRun, now: now)

        // Today's process: five minutes ago.
        let newMetadata = Self.metadata(pid: 5151, version: "1.5.0")
        let newRun = try queue.registerMetadata(Self.bytes(newMetadata), createdAt: now - 300 * Self.second)
        let newAt = now - 300 * Self.second
        let newEvents = [
            ("transaction", Self.transaction(name: "POST /checkout", result: "HTTP 4xx", spans: 4)),
            ("span", Self.span(name: "validate cart", type: "app", subtype: "internal", duration: "0.2")),
            ("span", Self.span(name: "SELECT FROM order_lines", type: "db", subtype: "postgresql", duration: "2.0")),
            ("span", Self.span(name: "POST payments.example.com", type: "external", subtype: "http", duration: "85.1")),
            ("span", Self.span(name: "reserve inventory", type: "app", subtype: "internal", duration: "3.3")),
            (
                "error",
                #"{"error":{"id":"9f0e8d7c6b5a49382716059483726150","timestamp":1700000000000000,"log":{"message":"Checkout for customer 7 failed: card declined","level":"error"},"culprit":"checkout"}}"#
            ),
            (
                "metricset",
                #"{"metricset":{"timestamp":1700000000000000,"samples":{"system.cpu.total.norm.pct":{"value":0.25},"system.memory.actual.free":{"value":1048576}},"tags":{"region":"eu-1"}}}"#
            ),
        ]
        try queue.append(
            newEvents.enumerated().map { NewEvent(kind: $1.0, createdAt: newAt + Int64($0), body: Self.bytes($1.1)) },
            metadataID: newRun, now: now)

        // A sender is sending the oldest waiting event right now.
        let leased = try #require(
            try queue.claimBlocks(owner: "sender-2", maxBytes: 1 << 20, maxEvents: 1, lease: .seconds(3600), now: now))
        leasedID = EventID.make(block: leased.ids[0], line: 0)

        try queue.addCounters(["sent": 120, "requests": 7, "rejected": 2, "dropped.queue": 3, "dropped.queue_max_bytes": 5])
        try queue.storeRemoteConfig(
            CachedRemoteConfig(
                serviceName: "checkout", environment: "production", etag: "\"4b1d\"",
                body: Self.bytes(#"{"transaction_sample_rate":"0.5","capture_body":"errors"}"#),
                fetchedAt: now - 90 * Self.second, maxAge: 30, appliedAt: now - 89 * Self.second))

        metadataLines = [oldMetadata, newMetadata]
        eventLines = [oldEvents.map(\.1), newEvents.map(\.1)]
        eventIDs = try queue.listEvents(order: .oldestFirst, limit: 100).map(\.event.id)
        var kinds: [String: Int] = [:]
        for (kind, _) in oldEvents + newEvents { kinds[kind, default: 0] += 1 }
        byKind = kinds
        bytes = (oldEvents + newEvents).reduce(0) { $0 + $1.1.utf8.count }
    }

    func remove() { dir.remove() }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func metadata(pid: Int, version: String) -> String {
        #"{"metadata":{"service":{"name":"checkout","version":"\#(version)","environment":"production","agent":{"name":"swift","version":"0.1.0"},"language":{"name":"Swift","version":"6.3"}},"process":{"pid":\#(pid),"title":"checkout"},"system":{"hostname":"shop-1","architecture":"x86_64","platform":"linux"}}}"#
    }

    static func transaction(name: String, result: String, spans: Int) -> String {
        #"{"transaction":{"id":"a1b2c3d4e5f60718","trace_id":"0af7651916cd43dd8448eb211c80319c","name":"\#(name)","type":"request","duration":32.5,"result":"\#(result)","outcome":"success","timestamp":1700000000000000,"sampled":true,"span_count":{"started":\#(spans),"dropped":0}}}"#
    }

    static func span(name: String, type: String, subtype: String, duration: String) -> String {
        #"{"span":{"id":"b7ad6b7169203331","transaction_id":"a1b2c3d4e5f60718","parent_id":"a1b2c3d4e5f60718","trace_id":"0af7651916cd43dd8448eb211c80319c","name":"\#(name)","type":"\#(type)","subtype":"\#(subtype)","timestamp":1700000000000100,"duration":\#(duration),"outcome":"success"}}"#
    }

    static func error(type: String, message: String) -> String {
        #"{"error":{"id":"0123456789abcdef0123456789abcdef","timestamp":1700000000000200,"trace_id":"0af7651916cd43dd8448eb211c80319c","parent_id":"a1b2c3d4e5f60718","transaction_id":"a1b2c3d4e5f60718","exception":{"type":"\#(type)","message":"\#(message)","handled":false},"culprit":"OrderService.load"}}"#
    }
}
