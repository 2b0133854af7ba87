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
import Logging

/// Application-thread costs of the swift-log integration: the correlation metadata provider and
/// `APMLogHandler` behind a `MultiplexLogHandler`, with `log_sending` off and on.
enum LoggingBenchmarks {
    static func run(queueDirectory: URL) -> [Measurement] {
        var results: [Measurement] = []
        var sink = 0

        // The correlation provider, outside any transaction and inside a span.
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "log-correlation")
            let provider = agent.logMetadataProvider
            let calls = 1_000_000
            let outside = bestTime { for _ in 0..<calls { sink &+= provider.get().count } }
            results.append(
                Measurement(
                    name: "log correlation outside a transaction", value: outside.nanoseconds / Double(calls),
                    unit: "ns", goal: "–", met: nil, dropped: 0, note: "empty metadata"))
            agent.beginTransaction(type: "bench", name: "log-correlation")
            let inside = agent.captureSpan("work") { _ in
                bestTime { for _ in 0..<calls { sink &+= provider.get().count } }
            }
            agent.endTransaction()
            results.append(
                Measurement(
                    name: "log correlation inside a span", value: inside.nanoseconds / Double(calls),
                    unit: "ns", goal: "–", met: nil, dropped: 0, note: "trace.id, transaction.id, span.id"))
            agent.closeBlocking(timeout: .milliseconds(100))
        }

        // The same info record through the multiplexer without the agent's handler: the baseline.
        do {
            let logger = Logger(label: "bench") { _ in MultiplexLogHandler([DiscardingHandler()]) }
            let records = 100_000
            let elapsed = bestTime {
                for index in 0..<records { logger.info("order loaded", metadata: ["order": .stringConvertible(index)]) }
            }
            results.append(
                Measurement(
                    name: "info record, console stand-in only (baseline)",
                    value: elapsed.nanoseconds / Double(records), unit: "ns", goal: "–", met: nil,
                    dropped: 0, note: "swift-log's own cost"))
        }

        // The record through a multiplexer with the console stand-in and the agent's handler.
        for logSending in [false, true] {
            var configuration = APMAgent.Configuration(serviceName: "bench")
            configuration.queuePath = queueDirectory.appending(path: "log-handler-\(logSending).sqlite").path
            // Nothing listens: the events stay in the scratch queue, closing does not wait for a server.
            configuration.serverURL = "http://127.0.0.1:9"
            configuration.logLevel = .error
            configuration.queueMemoryLimit = 1 << 30
            configuration.logSending = logSending
            let agent = APMAgent(configuration: configuration, environment: [:])
            let logger = Logger(label: "bench") { label in
                MultiplexLogHandler(
                    [DiscardingHandler(), APMLogHandler(label: label, agent: agent)],
                    metadataProvider: agent.logMetadataProvider)
            }
            let burst = 1000, bursts = 100
            let elapsed = timeInBursts(bursts: bursts) {
                for index in 0..<burst { logger.info("order loaded", metadata: ["order": .stringConvertible(index)]) }
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            let perRecord = elapsed.nanoseconds / Double(burst * bursts)
            results.append(
                Measurement(
                    name: "info record via APMLogHandler, log_sending \(logSending ? "on" : "off")", value: perRecord, unit: "ns",
                    goal: "–", met: nil, dropped: agent.statistics.droppedTotal,
                    note: logSending ? "record handed to the writer as a log event" : "ignored below the error level"))
            agent.closeBlocking(timeout: .milliseconds(100))
        }
        if sink == -1 { print(sink) }
        return results
    }
}

/// A console stand-in that receives every record and prints nothing.
private struct DiscardingHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {}
}
