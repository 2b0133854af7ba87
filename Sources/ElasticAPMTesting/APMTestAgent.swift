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

public import ElasticAPM

/// An agent for the tests of instrumented code (as swift-distributed-tracing's `InMemoryTracer` is
/// for tracers): it encodes what it captures exactly as for APM Server but keeps the intake lines in
/// memory. Nothing is written to disk or sent, and no central configuration is polled. The agent
/// is closed when the test agent is released.
///
/// ```swift
/// let test = APMTestAgent()
/// test.agent.withTransaction("GET /users/:id", type: "request") { _ in
///     test.agent.captureSpan("SELECT users", type: "db.postgresql.query") { _ in … }
/// }
/// #expect(test.events().map(\.type) == ["span", "transaction"])
/// ```
public final class APMTestAgent: Sendable {
    /// One captured event: its intake type and its intake v2 line.
    public struct Event: Sendable, Hashable {
        /// The intake type: `transaction`, `span`, `error`, `metricset` or `log`.
        public var type: String
        /// The ndjson line APM Server would receive, e.g. `{"span":{…}}`.
        public var line: String
    }

    /// The agent to capture through (it is not ``APMAgent/shared`` unless you make it so).
    public let agent: APMAgent
    private let store: InMemoryQueueWriter

    /// Creates an agent from `configuration` and `environment` (`ELASTIC_APM_*`, none by default).
    /// Unless `configuration` says otherwise, the writer commits every millisecond and no metrics
    /// are reported, so ``events(timeout:)`` holds exactly what the test captured.
    public init(
        configuration: APMAgent.Configuration = APMAgent.Configuration(serviceName: "test"),
        environment: [String: String] = [:]
    ) {
        var configuration = configuration
        if configuration.queueCommitInterval == nil { configuration.queueCommitInterval = .milliseconds(1) }
        if configuration.metricsInterval == nil { configuration.metricsInterval = .zero }
        store = InMemoryQueueWriter()
        agent = APMAgent(configuration: configuration, environment: environment, inMemoryQueue: store)
    }

    /// Waits (at most `timeout`) until everything captured before the call is encoded, then returns
    /// the events in the order the agent encoded them.
    public func events(timeout: Duration = .seconds(10)) -> [Event] {
        _ = agent.waitUntilQueued(timeout: timeout)
        return store.events.map { Event(type: $0.kind, line: String(decoding: $0.line, as: UTF8.self)) }
    }

    /// Waits like ``events(timeout:)``, then returns the ndjson document the sender would send:
    /// the metadata line followed by the events.
    public func ndjson(timeout: Duration = .seconds(10)) -> String {
        _ = agent.waitUntilQueued(timeout: timeout)
        return store.ndjson
    }

    deinit {
        agent.closeBlocking(timeout: .zero)
    }
}
