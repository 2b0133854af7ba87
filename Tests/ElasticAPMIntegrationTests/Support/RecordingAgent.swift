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

import ElasticAPM

/// An agent keeping its encoded events in memory, and the means to wait for them.
struct RecordingAgent {
    let agent: APMAgent
    let store = InMemoryQueueWriter()

    /// Creates an agent for service `serviceName` with `configure` applied. Metrics are off (tests count
    /// events) and so are stack traces: they are not under test here, and symbolicating them in a debug
    /// test binary keeps the writer thread busy for seconds.
    init(serviceName: String = "integration-test", _ configure: (inout APMAgent.Configuration) -> Void = { _ in }) {
        var configuration = APMAgent.Configuration(serviceName: serviceName)
        configuration.queueCommitInterval = .milliseconds(1)
        configuration.metricsInterval = .zero
        configuration.stackTraceLimit = 0
        configuration.logLevel = .warning
        configure(&configuration)
        agent = APMAgent(configuration: configuration, environment: [:], inMemoryQueue: store)
    }

    /// Everything stored so far.
    var events: IntakeEvents {
        IntakeEvents(lines: store.events.map { String(decoding: $0.line, as: UTF8.self) })
    }

    /// Waits until the stored events satisfy `condition`, then returns them (a tracing span ends after
    /// the response is written, so the client may see the response first).
    func events(until condition: (IntakeEvents) -> Bool, timeout: Duration = .seconds(15)) async -> IntakeEvents {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = self.events
            if condition(events) { return events }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return events
    }

    /// Waits for the transaction named `name` and returns it with everything stored by then.
    func transaction(named name: String) async -> (transaction: [String: Any]?, events: IntakeEvents) {
        let events = await events(until: { $0.transaction(named: name) != nil })
        return (events.transaction(named: name), events)
    }
}
