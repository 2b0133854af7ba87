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

import Dispatch
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Synchronization
import Tracing

/// swift-otel 1.6, the Swift peer, measured the way ``CaptureBenchmarks`` measures the agent:
/// child spans started and ended inside a root span on one thread, handed to swift-otel's batch
/// span processor, whose exporter discards them (no network). Spans it drops because its queue
/// was full are counted from its own "spans were dropped" warnings.
enum OTelBenchmarks {
    static func run() throws -> [Measurement] {
        let drops = DropCounter()
        var configuration = OTel.Configuration.default
        configuration.serviceName = "bench"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.sampler = .alwaysOn
        configuration.traces.exporter = .none
        // Export often and in batches as large as the queue, so the queue drains between bursts.
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(10)
        configuration.traces.batchSpanProcessor.maxQueueSize = 16_384
        configuration.traces.batchSpanProcessor.maxExportBatchSize = 16_384
        configuration.diagnosticLogger = .custom(Logger(label: "swift-otel") { _ in DropCountingHandler(counter: drops) })
        configuration.diagnosticLogLevel = .warning
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        let finished = DispatchSemaphore(value: 0)
        let running = Task {
            try? await service.run()
            finished.signal()
        }
        // The processor consumes ended spans on the concurrency pool: give each burst time to drain.
        let settle = { Thread.sleep(forTimeInterval: 0.005) }

        var results: [Measurement] = []
        let root = tracer.startSpan("spans", context: .topLevel)
        let parent = root.context
        let burst = 1000, bursts = 200
        let elapsed = timeInBursts(bursts: bursts) {
            for _ in 0..<burst { tracer.startSpan("SELECT FROM users", context: parent, ofKind: .client).end() }
        } settle: {
            settle()
        }
        let perSpan = elapsed.nanoseconds / Double(burst * bursts)
        let allocations = AllocationCount.measure {
            for _ in 0..<burst { tracer.startSpan("SELECT FROM users", context: parent, ofKind: .client).end() }
        } settle: {
            settle()
        }
        root.end()

        let transactions = 100, transactionBursts = 200
        let transactionElapsed = timeInBursts(bursts: transactionBursts) {
            for _ in 0..<transactions {
                let root = tracer.startSpan("GET /", context: .topLevel, ofKind: .server)
                let context = root.context
                for _ in 0..<10 { tracer.startSpan("work", context: context).end() }
                root.end()
            }
        } settle: {
            settle()
        }
        let perSecond = Double(transactions * transactionBursts) / (transactionElapsed.nanoseconds / 1e9)

        // Let the last export tick report any drops, then shut the processor down.
        Thread.sleep(forTimeInterval: 0.2)
        running.cancel()
        finished.wait()
        let dropped = drops.total
        results.append(
            Measurement(
                name: "swift-otel 1.6: span start+end (app thread)", value: perSpan, unit: "ns", goal: "-", met: nil,
                dropped: dropped, note: "batch processor, discarding exporter"))
        results.append(
            Measurement(
                name: "swift-otel 1.6: allocations per span (app thread)",
                value: Double(allocations.callingThread) / Double(burst), unit: "", goal: "-", met: nil, dropped: dropped,
                note: String(format: "%.1f on all threads", Double(allocations.allThreads) / Double(burst))))
        results.append(
            Measurement(
                name: "swift-otel 1.6: root span with 10 children", value: perSecond, unit: "/s", goal: "-", met: nil,
                dropped: dropped, note: "single thread"))
        return results
    }

    /// Spans swift-otel's batch processor dropped, summed from its warnings' `dropped_count`.
    final class DropCounter: Sendable {
        private let count = Mutex(0)

        func add(_ dropped: Int) { count.withLock { $0 += dropped } }

        var total: Int { count.withLock { $0 } }
    }

    /// Counts the `dropped_count` of swift-otel's warnings.
    struct DropCountingHandler: LogHandler {
        let counter: DropCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if case .string(let text)? = event.metadata?["dropped_count"], let dropped = Int(text) { counter.add(dropped) }
        }
    }
}
