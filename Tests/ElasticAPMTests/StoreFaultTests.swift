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

@testable import APMStore
import Foundation
import Logging
import Synchronization
import Testing
@testable import ElasticAPM

/// The agent over a real SQLite queue whose disk "fills up": SQLite's `max_page_count` makes
/// every insert fail with `SQLITE_FULL` until the limit is raised again.
final class FillableDiskStore: QueueWriter {
    /// Switched by the test thread, read on the writer thread.
    final class Switch: Sendable {
        let isFull = Atomic<Bool>(false)
    }

    let inner: SQLiteQueueWriter
    let disk: Switch

    init(_ inner: SQLiteQueueWriter, disk: Switch) {
        self.inner = inner
        self.disk = disk
    }

    func registerMetadata(_ line: [UInt8], createdAt: Int64) throws -> Int64 {
        try inner.registerMetadata(line, createdAt: createdAt)
    }

    func append(_ batch: EventBatch, metadataID: Int64) throws {
        let pages = disk.isFull.load(ordering: .acquiring) ? try inner.queue.pageCount() : 1 << 30
        _ = try inner.queue.setMaxPageCount(pages)
        try inner.append(batch, metadataID: metadataID)
    }

    func addCounters(_ deltas: [String: Int64]) throws { try inner.addCounters(deltas) }

    func pendingCount() throws -> Int { try inner.pendingCount() }
}

@Suite("Store faults seen by the agent", .serialized)
struct StoreFaultTests {
    private func temporaryQueuePath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appending(path: "queue.sqlite").path
    }

    private func captureBatch(_ agent: APMAgent, _ label: String, count: Int) {
        for index in 0..<count {
            agent.withTransaction("\(label) \(index)", type: "job") { _ in
                agent.captureSpan("step", type: "app.internal") { _ in }
            }
        }
        _ = agent.waitUntilQueued(timeout: .seconds(10))
    }

    @Test(
        "disk full: room is made by evicting by value, what does not fit is dropped and counted, the app keeps running, writing resumes when space returns"
    )
    func diskFull() throws {
        let path = try temporaryQueuePath()
        let disk = FillableDiskStore.Switch()
        var configuration = APMAgent.Configuration(serviceName: "fault-test")
        configuration.logLevel = .critical
        configuration.queueCommitInterval = .milliseconds(1)
        let agent = APMAgent(configuration: configuration, environment: [:], ndjsonMirrorPath: nil) { settings, logger in
            FillableDiskStore(try SQLiteQueueWriter(path: path, settings: settings, log: { _ in }), disk: disk)
        }
        captureBatch(agent, "before", count: 10)
        disk.isFull.store(true, ordering: .releasing)
        captureBatch(agent, "while full", count: 400)
        disk.isFull.store(false, ordering: .releasing)
        captureBatch(agent, "after", count: 10)
        let statistics = agent.statistics
        agent.closeBlocking()

        // The limit stops the file from growing. The queue makes room by evicting older events
        // by value (counted per kind as "dropped.disk_full.<kind>"); what still does not fit is
        // dropped by the writer. Every event is accounted for.
        let droppedFull = statistics.dropped["disk_full"] ?? 0
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let names = try queue.listEvents(limit: 1000, kind: "transaction", includeBodies: true)
            .map { String(decoding: $0.event.body, as: UTF8.self) }
        let counters = try queue.counters()
        let evicted = counters.filter { $0.key.hasPrefix("dropped.disk_full.") }.values.reduce(0, +)
        #expect(Int64(droppedFull) + evicted > 0, "the full disk must have dropped or evicted events")
        #expect(names.filter { $0.contains("\"after ") }.count == 10, "writing resumes when space returns")
        #expect(statistics.stored + droppedFull == statistics.capturedTotal)
        #expect(counters["dropped.disk_full"] == Int64(droppedFull) + evicted)
    }

    @Test("an unusable queue location: a clear error, capture becomes count-and-drop, nothing crashes")
    func unusableLocation() {
        var configuration = APMAgent.Configuration(serviceName: "fault-test")
        configuration.logLevel = .critical
        configuration.queuePath = "/proc/self/no-such-dir/queue.sqlite"
        configuration.serverURL = "http://127.0.0.1:9"
        let agent = APMAgent(configuration: configuration, environment: [:])
        captureBatch(agent, "dropped", count: 5)
        #expect(agent.captureError(URLError(.badURL)) != nil)
        _ = agent.waitUntilQueued(timeout: .seconds(5))
        let statistics = agent.statistics
        #expect(statistics.stored == 0)
        #expect(statistics.droppedTotal == statistics.capturedTotal)
        #expect(statistics.capturedTotal == 11)
        agent.closeBlocking()
    }

    @Test("a corrupt file at the queue path is quarantined and a new queue is used")
    func corruptFile() throws {
        let path = try temporaryQueuePath()
        try Data(repeating: 0x42, count: 8192).write(to: URL(filePath: path))
        var configuration = APMAgent.Configuration(serviceName: "fault-test")
        configuration.logLevel = .critical
        configuration.queuePath = path
        configuration.metricsInterval = .zero
        configuration.serverURL = "http://127.0.0.1:9"  // nothing listens: the events stay in the file
        let agent = APMAgent(configuration: configuration, environment: [:])
        captureBatch(agent, "fresh", count: 3)
        agent.closeBlocking()
        let siblings = try FileManager.default.contentsOfDirectory(atPath: URL(filePath: path).deletingLastPathComponent().path)
        #expect(siblings.contains { $0.hasPrefix("queue.sqlite.corrupt-") })
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        #expect(try queue.stats(now: EventQueue.now()).events == 6)
    }
}
