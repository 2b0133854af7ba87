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
import Tracing

/// Application-thread cost of a swift-distributed-tracing span through ``APMTracer``, beside the agent's own
/// `beginSpan`/`end` measured the same way.
enum TracerBenchmarks {
    static func run(queueDirectory: URL) -> [Measurement] {
        var results: [Measurement] = []
        let burst = 1000, bursts = 200

        // The agent's API, as the reference.
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-reference")
            let transaction = agent.beginTransaction(type: "bench", name: "spans")
            let elapsed = timeInBursts(bursts: bursts) {
                for _ in 0..<burst { transaction.beginSpan("SELECT FROM users", type: "db.postgresql.query").end() }
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            transaction.end()
            agent.endTransaction()
            let perSpan = elapsed.nanoseconds / Double(burst * bursts)
            results.append(
                Measurement(
                    name: "span begin+end, agent API (reference)", value: perSpan, unit: "ns",
                    goal: "-", met: nil, dropped: agent.statistics.droppedTotal, note: ""))
            agent.closeBlocking(timeout: .zero)
        }

        // A tracer span with a database client's attributes (kind, 3 attributes, mapping at the end).
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-spans")
            let tracer = agent.tracer
            let root = tracer.startSpan("bench", context: .topLevel, ofKind: .server)
            let parent = root.context
            let elapsed = timeInBursts(bursts: bursts) {
                for _ in 0..<burst {
                    let span = tracer.startSpan("SELECT FROM users", context: parent, ofKind: .client)
                    span.updateAttributes { attributes in
                        attributes["db.system"] = "postgresql"
                        attributes["db.namespace"] = "shop"
                        attributes["db.query.text"] = "SELECT * FROM users"
                    }
                    span.end()
                }
            } settle: {
                _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
            }
            root.end()
            let perSpan = elapsed.nanoseconds / Double(burst * bursts)
            results.append(
                Measurement(
                    name: "tracer span start+attributes+end (app thread)", value: perSpan, unit: "ns",
                    goal: "≈ agent API", met: nil, dropped: agent.statistics.droppedTotal,
                    note: "db client span, 3 attributes"))
            agent.closeBlocking(timeout: .zero)
        }
        return results
    }
}
