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

import CoreMetrics
@_spi(Benchmarking) import ElasticAPM
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The metrics thread's CPU time per collection: system and process metrics from `/proc`, agent
/// health from the queue file, 50 swift-metrics instruments in 5 dimension sets (counters, gauges,
/// histograms, timers) and 50 breakdown keys, all collected and handed to the writer.
enum MetricsBenchmarks {
    static func run(queueDirectory: URL) -> Measurement {
        var configuration = APMAgent.Configuration(serviceName: "bench")
        configuration.queuePath = queueDirectory.appending(path: "metrics.sqlite").path
        configuration.logLevel = .error
        // The thread itself stays idle: the benchmark drives the collections.
        configuration.metricsInterval = .seconds(3600)
        let agent = APMAgent(configuration: configuration, environment: [:])
        let factory = agent.metricsFactory

        var counters: [CounterHandler] = []
        var gauges: [MeterHandler] = []
        var histograms: [RecorderHandler] = []
        var timers: [TimerHandler] = []
        for route in 0..<5 {
            let dimensions = [("route", "/api/v1/items/\(route)"), ("method", "GET")]
            for index in 0..<4 { counters.append(factory.makeCounter(label: "http.requests.\(index)", dimensions: dimensions)) }
            for index in 0..<2 { gauges.append(factory.makeMeter(label: "pool.in_use.\(index)", dimensions: dimensions)) }
            for index in 0..<2 {
                histograms.append(factory.makeRecorder(label: "payload.bytes.\(index)", dimensions: dimensions, aggregate: true))
                timers.append(factory.makeTimer(label: "http.duration.\(index)", dimensions: dimensions))
            }
        }
        let spanKinds = ["db.postgresql.query", "db.redis.get", "external.http", "template.render"]

        let collections = 200
        var cpuNanos: UInt64 = 0
        var wallNanos: UInt64 = 0
        var metricsets = 0
        for round in 0..<collections {
            // Untimed: an interval's worth of application activity.
            for (index, counter) in counters.enumerated() { counter.increment(by: Int64(index + 1)) }
            for (index, gauge) in gauges.enumerated() { gauge.set(Double(index + round)) }
            for value in 0..<10 {
                for histogram in histograms { histogram.record(Double(value * 100)) }
                for timer in timers { timer.recordNanoseconds(Int64(value) * 1_000_000) }
            }
            for name in 0..<10 {
                let transaction = agent.beginTransaction(type: "request", name: "GET /route/\(name)")
                for kind in spanKinds { transaction.beginSpan("work", type: kind).end() }
                agent.endTransaction()
            }
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))

            let cpuStart = threadCPUNanos()
            let wallStart = DispatchTime.now().uptimeNanoseconds
            metricsets += agent.benchmarkCollectMetrics()
            wallNanos += DispatchTime.now().uptimeNanoseconds - wallStart
            cpuNanos += threadCPUNanos() - cpuStart
        }
        let dropped = agent.statistics.droppedTotal
        agent.closeBlocking(timeout: .seconds(60))
        let perCollection = Double(cpuNanos) / Double(collections) / 1000
        return Measurement(
            name: "metrics collection, all sets (metrics thread CPU)", value: perCollection, unit: "µs", goal: "< 1 000 µs",
            met: perCollection < 1000, dropped: dropped,
            note: String(
                format: "%.0f metricsets/collection, wall %.0f µs", Double(metricsets) / Double(collections),
                Double(wallNanos) / Double(collections) / 1000))
    }

    /// CPU time of the calling thread.
    private static func threadCPUNanos() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
