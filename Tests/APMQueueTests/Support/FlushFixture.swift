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

/// A queue file for the flush tests: transactions from one or more process runs, each line
/// unique (run and number in its id and name) and padded to a chosen size.
struct FlushFixture {
    let dir: TempDir
    let path: String
    /// The metadata line of each run, in order.
    let metadataLines: [String]
    /// The event lines of each run, in FIFO order.
    let eventLines: [[String]]
    /// Row ids of every event, FIFO order.
    let eventIDs: [Int64]

    /// Every event line, FIFO order.
    var allLines: [String] { eventLines.flatMap { $0 } }

    /// A queue with `eventsPerRun[i]` events in run `i`, each line padded by `padding` bytes;
    /// lines whose number (from 1 within its run) is in `marked` say `"bad"` in their name.
    init(eventsPerRun: [Int], padding: Int = 0, marked: Set<Int> = []) throws {
        dir = try TempDir()
        path = dir.file("queue.sqlite")
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let now = EventQueue.now()
        var metadataLines: [String] = []
        var eventLines: [[String]] = []
        for (run, count) in eventsPerRun.enumerated() {
            let metadata = QueueFixture.metadata(pid: 7000 + run, version: "2.\(run).0")
            let runID = try queue.registerMetadata(Array(metadata.utf8), createdAt: now)
            let lines = (0..<count).map { $0 + 1 }.map { number in
                Self.transaction(run: run, number: number, padding: padding, bad: marked.contains(number))
            }
            // One commit per event: one block each, so that tests can lease some of them.
            for line in lines {
                try queue.append(
                    [NewEvent(kind: "transaction", createdAt: now, body: Array(line.utf8))], metadataID: runID, now: now)
            }
            metadataLines.append(metadata)
            eventLines.append(lines)
        }
        self.metadataLines = metadataLines
        self.eventLines = eventLines
        eventIDs = try queue.listEvents(order: .oldestFirst, limit: 1_000_000).map(\.event.id)
    }

    /// A transaction line unique to `run` and `number`.
    static func transaction(run: Int, number: Int, padding: Int, bad: Bool) -> String {
        let name = "GET /orders/\(run)-\(number)\(bad ? " bad" : "")" + String(repeating: "x", count: padding)
        return
            #"{"transaction":{"id":"\#(String(format: "%04x%012x", run, number))","trace_id":"0af7651916cd43dd8448eb211c80319c","name":"\#(name)","type":"request","duration":1.5,"result":"HTTP 2xx","outcome":"success","timestamp":1700000000000000,"sampled":true,"span_count":{"started":0,"dropped":0}}}"#
    }

    /// Opens the queue for checks (the caller closes it).
    func open() throws -> EventQueue {
        try EventQueue(path: path)
    }

    /// The events still in the queue, with their lease owners, FIFO order.
    func remaining() throws -> [EventInfo] {
        let queue = try open()
        defer { queue.close() }
        return try queue.listEvents(order: .oldestFirst, limit: 1_000_000, includeBodies: true)
    }

    func remove() { dir.remove() }
}
