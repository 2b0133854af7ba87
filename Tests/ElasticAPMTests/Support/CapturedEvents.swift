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

import APMRuntime
import Foundation
@testable import ElasticAPM

/// An agent writing to memory, and helpers to read back what it encoded.
struct TestAgent {
    let agent: APMAgent
    let store: InMemoryQueueWriter

    /// An agent configured by `configure`; its metrics thread sleeps through `clock`.
    init(
        clock: any AgentClock = SystemClock(), _ configure: (inout APMAgent.Configuration) -> Void = { _ in },
        environment: [String: String] = [:]
    ) {
        var configuration = APMAgent.Configuration(serviceName: "test-service")
        configuration.queueCommitInterval = .milliseconds(1)
        configuration.logLevel = .warning
        // Metrics off unless a test turns them on: tests count the events they capture exactly.
        configuration.metricsInterval = .zero
        configure(&configuration)
        let store = InMemoryQueueWriter()
        self.store = store
        agent = APMAgent(
            configuration: configuration, environment: environment, ndjsonMirrorPath: nil, clock: clock,
            healthCounters: { _ in .memory(store) }
        ) { _, _ in store }
    }

    /// Waits until everything captured so far is encoded, then returns the decoded events.
    func events() -> CapturedEvents {
        _ = agent.waitUntilQueued(timeout: .seconds(60))
        return CapturedEvents(lines: store.events.map(\.line))
    }
}

/// Decoded ndjson lines, by intake type.
struct CapturedEvents {
    var lines: [[UInt8]]
    var objects: [(type: String, body: [String: Any])] {
        lines.map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let (type, body) = object.first!
            return (type, body as! [String: Any])
        }
    }
    var transactions: [[String: Any]] { objects.filter { $0.type == "transaction" }.map(\.body) }
    var spans: [[String: Any]] { objects.filter { $0.type == "span" }.map(\.body) }
    var errors: [[String: Any]] { objects.filter { $0.type == "error" }.map(\.body) }
    var logs: [[String: Any]] { objects.filter { $0.type == "log" }.map(\.body) }

    func span(named name: String) -> [String: Any]? { spans.first { $0["name"] as? String == name } }
}

extension Dictionary where Key == String, Value == Any {
    /// Reads a nested value by a dotted path, e.g. `context.db.statement`.
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for component in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(component)]
        }
        return current
    }
}
