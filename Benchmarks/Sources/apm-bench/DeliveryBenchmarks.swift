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

@_spi(Benchmarking) import ElasticAPM
import Foundation

/// End to end: capture → writer → SQLite → sender → a loopback sink that inflates and counts,
/// each beside the raw SQLite row insert of the same events in the same run.
enum DeliveryBenchmarks {
    static let spanLine = Array(
        #"{"span":{"id":"1e2d3c4b5a697887","transaction_id":"0a1b2c3d4e5f6071","parent_id":"0a1b2c3d4e5f6071","trace_id":"0af7651916cd43dd8448eb211c80319c","name":"SELECT FROM users","type":"db","subtype":"postgresql","action":"query","timestamp":1795270441271949,"duration":0.42,"outcome":"success"}}"#
            .utf8)
    static let metadata = Array(#"{"metadata":{"service":{"name":"bench","agent":{"name":"swift","version":"0.1.0"}}}}"#.utf8)

    static func run(queueDirectory: URL, events: Int, backlog: Int) throws -> [Measurement] {
        let sink = try CountingSink()
        defer { sink.shutdown() }
        var results: [Measurement] = []
        let clock = ContinuousClock()

        // Raw: the same number of rows inserted one row per event into a plain SQLite table, 1 000 per transaction.
        let rawRate = try RawRowInsert.rate(
            path: queueDirectory.appending(path: "delivery-raw.sqlite").path, line: spanLine, count: events,
            perTransaction: 1000)

        // Sustained delivery: hand over `events` events as fast as possible, then flush (as before
        // shutdown: the last partial request goes now, not up to `api_request_time` later); time
        // until the sink has them all.
        do {
            let agent = makeAgent(path: queueDirectory.appending(path: "delivery.sqlite").path, sink: sink, memoryLimit: 1 << 30)
            let start = clock.now
            _ = agent.benchmarkHandOff(count: events)
            _ = agent.flushBlocking(timeout: .seconds(120))
            while sink.events < events, clock.now - start < .seconds(120) { Thread.sleep(forTimeInterval: 0.005) }
            let seconds = (clock.now - start).nanoseconds / 1e9
            let dropped = agent.statistics.droppedTotal
            agent.closeBlocking(timeout: .seconds(5))
            let rate = Double(sink.events) / seconds
            results.append(
                Measurement(
                    name: "delivered end to end to a counting sink", value: rate, unit: "/s",
                    goal: "≥ 2× raw insert", met: rate >= 2 * rawRate && dropped == 0, dropped: dropped,
                    note: String(
                        format: "%d events, %.2f× the raw insert (%.0f/s); Python: 12 800/s",
                        sink.events, rate / rawRate, rawRate)))
        }

        // Backlog: `backlog` events already in the queue file (captured while offline), drained by a new process.
        do {
            let path = queueDirectory.appending(path: "backlog.sqlite").path
            let count = backlog / 10_000 * 10_000
            try QueueFileBenchmarking.append(
                path: path, metadata: metadata, line: spanLine, kind: "span",
                count: count, perTransaction: 10_000)

            let before = sink.events
            let start = clock.now
            let agent = makeAgent(path: path, sink: sink)
            let report = agent.flushBlocking(timeout: .seconds(120))
            let seconds = (clock.now - start).nanoseconds / 1e9
            agent.closeBlocking(timeout: .seconds(5))
            let drained = sink.events - before
            let rate = Double(drained) / seconds
            let full = backlog == 1_000_000
            results.append(
                Measurement(
                    name: full ? "drain a 1 000 000-event backlog" : "drain a \(backlog)-event backlog",
                    value: seconds, unit: "s", goal: "≥ raw row insert",
                    met: rate >= rawRate && report.completed, dropped: 0,
                    note: String(
                        format: "%d delivered, %.0f/s; raw rows inserted at %.0f/s (%.2f×)",
                        drained, rate, rawRate, rate / rawRate)))
        }

        // Steady load: 200 events/s for 30 s, counting intake requests (api_request_time is 10 s).
        do {
            let agent = makeAgent(path: queueDirectory.appending(path: "steady.sqlite").path, sink: sink)
            _ = agent.flushBlocking(timeout: .seconds(10))
            let requestsBefore = sink.requests
            let eventsBefore = sink.events
            let start = clock.now
            var handed = 0
            while clock.now - start < .seconds(30) {
                handed += agent.benchmarkHandOff(count: 2)
                Thread.sleep(forTimeInterval: 0.01)
            }
            let seconds = (clock.now - start).nanoseconds / 1e9
            let requests = sink.requests - requestsBefore
            let delivered = sink.events - eventsBefore
            agent.closeBlocking(timeout: .seconds(5))
            let perMinute = Double(requests) * 60 / seconds
            results.append(
                Measurement(
                    name: "intake requests per minute at 200 events/s", value: perMinute, unit: "/min",
                    goal: "≤ 7", met: perMinute <= 7, dropped: agent.statistics.droppedTotal,
                    note: String(
                        format: "%d requests for %d of %d events in %.0f s", requests, delivered,
                        handed, seconds)))
        }
        return results
    }

    private static func makeAgent(path: String, sink: CountingSink, memoryLimit: Int? = nil) -> APMAgent {
        var configuration = APMAgent.Configuration(serviceName: "bench")
        configuration.queuePath = path
        configuration.serverURL = sink.url
        configuration.logLevel = .error
        configuration.queueMemoryLimit = memoryLimit.map(Int64.init)
        configuration.queueMaxBytes = 4 << 30
        return APMAgent(configuration: configuration, environment: [:])
    }
}
