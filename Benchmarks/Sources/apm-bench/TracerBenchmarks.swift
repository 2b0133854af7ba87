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

/// Application-thread cost of swift-distributed-tracing spans through ``APMTracer``, each beside the agent's own
/// API doing the same work, measured the same way in the same run: a database client span, and a server
/// transaction made with the calls Hummingbird's `TracingMiddleware` makes.
enum TracerBenchmarks {
    /// Span begin+end pairs per burst.
    static let spansPerBurst = 1000
    /// Transactions per burst.
    static let transactionsPerBurst = 500

    /// The incoming request's headers: a sampled parent, as a load balancer or client sends it.
    static let requestHeaders = [
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "user-agent": "wrk/4.2.0",
        "content-length": "0",
    ]

    static func run(queueDirectory: URL) -> [Measurement] {
        var results: [Measurement] = []
        let bursts = 200

        // The agent's API, as the reference for spans.
        let spanReference: Double
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-reference")
            let transaction = agent.beginTransaction(type: "bench", name: "spans")
            let (perSpan, allocations) = measure(agent, bursts: bursts, perBurst: spansPerBurst) {
                agentSpanBurst(transaction)
            }
            transaction.end()
            _ = agent.endTransaction()
            spanReference = perSpan
            results.append(
                Measurement(
                    name: "span begin+end, agent API (reference)", value: perSpan, unit: "ns",
                    goal: "-", met: nil, dropped: agent.statistics.droppedTotal,
                    note: String(format: "%.1f allocations", allocations)))
            agent.closeBlocking(timeout: .zero)
        }

        // A tracer span with a database client's attributes (kind, 3 attributes, mapping at the end).
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-spans")
            let tracer = agent.tracer
            let root = tracer.startSpan("bench", context: .topLevel, ofKind: .server)
            let parent = root.context
            let (perSpan, allocations) = measure(agent, bursts: bursts, perBurst: spansPerBurst) {
                tracerSpanBurst(tracer, parent: parent)
            }
            root.end()
            results.append(
                Measurement(
                    name: "tracer span start+attributes+end (app thread)", value: perSpan, unit: "ns",
                    goal: "≤ 1.5× agent API", met: perSpan <= 1.5 * spanReference,
                    dropped: agent.statistics.droppedTotal,
                    note: String(
                        format: "db client span, 3 attributes; %.2f× agent API, %.1f allocations",
                        perSpan / spanReference, allocations)))
            agent.closeBlocking(timeout: .zero)
        }

        // The agent's API, as the reference for an HTTP server transaction continuing an incoming trace.
        let transactionReference: Double
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-transaction-reference")
            let (perTransaction, allocations) = measure(agent, bursts: bursts, perBurst: transactionsPerBurst) {
                agentTransactionBurst(agent)
            }
            transactionReference = perTransaction
            results.append(
                Measurement(
                    name: "HTTP transaction, agent API (reference)", value: perTransaction, unit: "ns",
                    goal: "-", met: nil, dropped: agent.statistics.droppedTotal,
                    note: String(format: "traceparent, request, response; %.1f allocations", allocations)))
            agent.closeBlocking(timeout: .zero)
        }

        // The same transaction made by the calls TracingMiddleware makes, through `any Tracer`.
        do {
            let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-transactions")
            let tracer: any Tracer = agent.tracer
            let (perTransaction, allocations) = measure(agent, bursts: bursts, perBurst: transactionsPerBurst) {
                middlewareBurst(tracer)
            }
            results.append(
                Measurement(
                    name: "HTTP transaction, TracingMiddleware's calls", value: perTransaction, unit: "ns",
                    goal: "≤ 1.5× agent API", met: perTransaction <= 1.5 * transactionReference,
                    dropped: agent.statistics.droppedTotal,
                    note: String(
                        format: "extract, 10 attributes; %.2f× agent API, %.1f allocations",
                        perTransaction / transactionReference, allocations)))
            agent.closeBlocking(timeout: .zero)
        }
        return results
    }

    /// For profilers (`--only tracer-spans`): `count` agent API spans (``agentSpanBurst(_:)``), `count` tracer
    /// spans (``tracerSpanBurst(_:parent:)``), then `count / 10` HTTP transactions each way
    /// (``agentTransactionBurst(_:)``, ``middlewareBurst(_:)``), waiting for the writer after each burst.
    static func profile(queueDirectory: URL, count: Int) {
        // No span stack traces: under valgrind spans can outlast the 5 ms default.
        let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "tracer-profile", spanStackTraces: false)
        let transaction = agent.beginTransaction(type: "bench", name: "spans")
        for _ in 0..<max(1, count / spansPerBurst) {
            agentSpanBurst(transaction)
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        transaction.end()
        _ = agent.endTransaction()
        let tracer = agent.tracer
        let root = tracer.startSpan("bench", context: .topLevel, ofKind: .server)
        for _ in 0..<max(1, count / spansPerBurst) {
            tracerSpanBurst(tracer, parent: root.context)
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        root.end()
        for _ in 0..<max(1, count / 10 / transactionsPerBurst) {
            agentTransactionBurst(agent)
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        for _ in 0..<max(1, count / 10 / transactionsPerBurst) {
            middlewareBurst(tracer)
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        agent.closeBlocking(timeout: .zero)
    }

    /// Nanoseconds per operation over `bursts` timed bursts of `perBurst` operations, then app-thread allocations
    /// per operation over one more burst; the writer catches up (untimed) after each burst.
    private static func measure(
        _ agent: APMAgent, bursts: Int, perBurst: Int, _ burst: () -> Void
    ) -> (nanoseconds: Double, allocations: Double) {
        let elapsed = timeInBursts(bursts: bursts, burst) {
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        let allocations = AllocationCount.measure(burst) {
            _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(60))
        }
        return (elapsed.nanoseconds / Double(perBurst * bursts), Double(allocations.callingThread) / Double(perBurst))
    }

    /// ``spansPerBurst`` spans through the agent's API (out of line so a profiler can select it).
    @inline(never)
    static func agentSpanBurst(_ transaction: APMTransaction) {
        for _ in 0..<spansPerBurst { transaction.beginSpan("SELECT FROM users", type: "db.postgresql.query").end() }
    }

    /// ``spansPerBurst`` database client spans through the tracer (out of line so a profiler can select it).
    @inline(never)
    static func tracerSpanBurst(_ tracer: APMTracer, parent: ServiceContext) {
        for _ in 0..<spansPerBurst {
            let span = tracer.startSpan("SELECT FROM users", context: parent, ofKind: .client)
            span.updateAttributes { attributes in
                attributes["db.system"] = "postgresql"
                attributes["db.namespace"] = "shop"
                attributes["db.query.text"] = "SELECT * FROM users"
            }
            span.end()
        }
    }

    /// ``transactionsPerBurst`` HTTP server transactions through the agent's API: continuing the incoming trace,
    /// with the request and response context (out of line so a profiler can select it).
    @inline(never)
    static func agentTransactionBurst(_ agent: APMAgent) {
        for _ in 0..<transactionsPerBurst {
            let transaction = agent.beginTransaction(
                type: "request", name: "GET /users/:id", traceParent: APMTraceParent(headers: requestHeaders))
            transaction.setRequest(
                APMRequestContext(
                    method: "GET", url: APMURLParts(pathname: "/users/42"),
                    headers: [(name: "user-agent", value: "wrk/4.2.0")], remoteAddress: "127.0.0.1"))
            transaction.setResponse(APMResponseContext(statusCode: 200, finished: true))
            _ = agent.endTransaction(result: "HTTP 2xx")
        }
    }

    /// ``transactionsPerBurst`` HTTP server transactions made with the calls Hummingbird 2's `TracingMiddleware`
    /// makes for a matched route: extract, start a server span, set the request attributes, rename it after the
    /// route ran, set the route and response attributes, end (out of line so a profiler can select it).
    @inline(never)
    static func middlewareBurst(_ tracer: any Tracer) {
        for _ in 0..<transactionsPerBurst {
            var context = ServiceContext.topLevel
            tracer.extract(requestHeaders, into: &context, using: DictionaryExtractor())
            let span = tracer.startSpan("HTTP GET route not found", context: context, ofKind: .server)
            span.updateAttributes { attributes in
                attributes["http.request.method"] = "GET"
                attributes["url.path"] = "/users/42"
                attributes["url.query"] = nil as String?
                attributes["user_agent.original"] = requestHeaders["user-agent"]
                attributes["http.request.body.size"] = requestHeaders["content-length"].flatMap { Int($0) }
                attributes["net.sock.peer.port"] = 51_234
                attributes["net.sock.peer.addr"] = "127.0.0.1"
            }
            span.operationName = "/users/{id}"
            span.updateAttributes { attributes in
                attributes["http.route"] = "/users/{id}"
                attributes["http.response.status_code"] = 200
                attributes["http.response.body.size"] = 13
            }
            span.end()
        }
    }

    /// Reads headers from a dictionary, as a framework reads them from its request.
    private struct DictionaryExtractor: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? {
            carrier[key]
        }
    }
}
