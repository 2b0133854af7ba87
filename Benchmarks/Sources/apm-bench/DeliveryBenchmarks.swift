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

/// End to end: capture → writer → SQLite → sender → a loopback sink that only counts.
enum DeliveryBenchmarks {
    static func run(queueDirectory: URL, events: Int, backlog: Int) throws -> [Measurement] {
        let sink = try CountingSink()
        defer { sink.shutdown() }
        var results: [Measurement] = []
        let clock = ContinuousClock()

        // Sustained delivery: hand over `events` events as fast as possible; time until the sink has them all.
        do {
            var configuration = APMAgent.Configuration(serviceName: "bench")
            configuration.queuePath = queueDirectory.appending(path: "delivery.sqlite").path
            configuration.serverURL = sink.url
            configuration.logLevel = .error
            configuration.queueMemoryLimit = 1 << 30
            configuration.queueMaxBytes = 4 << 30
            let agent = APMAgent(configuration: configuration, environment: [:])
            let start = clock.now
            _ = agent.benchmarkHandOff(count: events)
            while sink.events < events, clock.now - start < .seconds(120) { Thread.sleep(forTimeInterval: 0.005) }
            let seconds = (clock.now - start).nanoseconds / 1e9
            let dropped = agent.statistics.droppedTotal
            agent.close(timeout: .seconds(5))
            let rate = Double(sink.events) / seconds
            results.append(
                Measurement(
                    name: "delivered end to end to a counting sink", value: rate, unit: "/s",
                    goal: "≥ 150 000/s", met: rate >= 150_000 && dropped == 0, dropped: dropped,
                    note: "\(sink.events) events; Python: 12 800/s"))
        }

        // Backlog: `backlog` events already in the queue file (captured while offline), drained by a new process.
        do {
            let path = queueDirectory.appending(path: "backlog.sqlite").path
            let line = Array(
                #"{"span":{"id":"1e2d3c4b5a697887","transaction_id":"0a1b2c3d4e5f6071","parent_id":"0a1b2c3d4e5f6071","trace_id":"0af7651916cd43dd8448eb211c80319c","name":"SELECT FROM users","type":"db","subtype":"postgresql","action":"query","timestamp":1795270441271949,"duration":0.42,"outcome":"success"}}"#
                    .utf8)
            let metadata = Array(#"{"metadata":{"service":{"name":"bench","agent":{"name":"swift","version":"0.1.0"}}}}"#.utf8)
            try QueueFileBenchmarking.append(
                path: path, metadata: metadata, line: line, kind: "span",
                count: backlog / 10_000 * 10_000, perTransaction: 10_000)

            let before = sink.events
            var configuration = APMAgent.Configuration(serviceName: "bench")
            configuration.queuePath = path
            configuration.serverURL = sink.url
            configuration.logLevel = .error
            configuration.queueMaxBytes = 4 << 30
            let start = clock.now
            let agent = APMAgent(configuration: configuration, environment: [:])
            let report = agent.flushBlocking(timeout: .seconds(120))
            let seconds = (clock.now - start).nanoseconds / 1e9
            agent.close(timeout: .seconds(5))
            let drained = sink.events - before
            let full = backlog == 1_000_000
            results.append(
                Measurement(
                    name: full ? "drain a 1 000 000-event backlog" : "drain a \(backlog)-event backlog",
                    value: seconds, unit: "s", goal: full ? "≤ 10 s" : "-",
                    met: full ? seconds <= 10 && report.completed : nil, dropped: 0,
                    note: "\(drained) delivered, \(Int(Double(drained) / seconds))/s"))
        }
        return results
    }
}
