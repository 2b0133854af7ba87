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

import Foundation
import Logging
import APMTestSupport
import Testing
@testable import ElasticAPM

/// Applying central configuration on top of the local one, without a server: precedence,
/// invalid and unsupported keys, reverting, change logs, the logger's level.
@Suite("Central configuration: applying")
struct CentralConfigApplyTests {
    /// An in-memory agent logging into a recorder, and an applier working on its core.
    struct Subject {
        let agent: APMAgent
        let logs = LogCapture()
        var applier: RemoteConfigApplier
        var core: AgentCore { agent.core! }
        var settings: AgentSettings { agent.settings }

        init(_ configure: (inout APMAgent.Configuration) -> Void = { _ in }, environment: [String: String] = [:]) {
            var configuration = APMAgent.Configuration(serviceName: "central-test")
            configuration.queueCommitInterval = .milliseconds(1)
            configuration.metricsInterval = .zero
            configuration.logLevel = .info
            configure(&configuration)
            let store = InMemoryQueueWriter()
            agent = APMAgent(
                configuration: configuration, environment: environment, ndjsonMirrorPath: nil,
                logHandler: logs.handler
            ) { _, _ in store }
            applier = RemoteConfigApplier(
                resolver: ConfigurationResolver(code: configuration, environment: environment), core: agent.core!)
        }
    }

    @Test("a remote value wins over environment, code and default, and each change is logged once at info")
    func precedenceAndChangeLog() {
        var subject = Subject({ $0.transactionSampleRate = 0.1 }, environment: ["ELASTIC_APM_TRANSACTION_SAMPLE_RATE": "0.2"])
        #expect(subject.settings.transactionSampleRate == 0.2)
        let sources = subject.applier.apply(["transaction_sample_rate": "0.5", "capture_body": "all"])
        #expect(subject.settings.transactionSampleRate == 0.5)
        #expect(subject.settings.captureBody == .all)
        #expect(sources["transaction_sample_rate"] == .central)
        #expect(sources["capture_body"] == .central)
        #expect(sources["transaction_max_spans"] == .default)
        let changes = subject.logs.entries.filter { $0.message.hasPrefix("Central config: ") }
        #expect(
            changes.map(\.message).sorted() == [
                "Central config: capture_body 'off' → 'all'",
                "Central config: transaction_sample_rate '0.2' → '0.5'",
            ])
        #expect(changes.allSatisfy { $0.level == .info })

        subject.applier.apply(["transaction_sample_rate": "0.5", "capture_body": "all"])
        #expect(subject.logs.count(containing: "Central config: ") == 2)
    }

    @Test("a key that disappears reverts to its local value (environment, then code, then default)")
    func deletedKeyReverts() {
        var subject = Subject({ $0.transactionMaxSpans = 42 }, environment: ["ELASTIC_APM_TRANSACTION_SAMPLE_RATE": "0.2"])
        subject.applier.apply(["transaction_sample_rate": "0", "transaction_max_spans": "7", "stack_trace_limit": "3"])
        #expect(subject.settings.transactionSampleRate == 0)
        #expect(subject.settings.transactionMaxSpans == 7)
        #expect(subject.settings.stackTraceLimit == 3)
        let sources = subject.applier.apply([:])
        #expect(subject.settings.transactionSampleRate == 0.2)
        #expect(subject.settings.transactionMaxSpans == 42)
        #expect(subject.settings.stackTraceLimit == 50)
        #expect(sources["transaction_sample_rate"] == .environment)
        #expect(sources["transaction_max_spans"] == .code)
        #expect(subject.logs.count(containing: "Central config: transaction_max_spans '7' → '42'") == 1)
    }

    @Test("an invalid value is reported and keeps its local value; the other keys apply")
    func invalidValue() {
        var subject = Subject()
        subject.applier.apply(["transaction_sample_rate": "lots", "capture_body": "all", "stack_trace_limit": "12"])
        #expect(subject.settings.transactionSampleRate == 1)
        #expect(subject.settings.captureBody == .all)
        #expect(subject.settings.stackTraceLimit == 12)
        let warnings = subject.logs.entries.filter { $0.level == .warning }.map(\.message)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("Central config failure. Invalid value for transaction_sample_rate: ") == true)
    }

    @Test("unknown and non-dynamic names are reported once, and change nothing")
    func unsupportedNames() {
        var subject = Subject()
        let before = subject.settings.serverURL
        subject.applier.apply(["server_url": "http://elsewhere:8200", "bogus": "1", "recording": "false"])
        subject.applier.apply(["server_url": "http://elsewhere:8200", "bogus": "1", "recording": "false"])
        #expect(subject.settings.serverURL == before)
        #expect(subject.settings.recording == false)
        #expect(
            subject.logs.messages(atLeast: .warning) == ["Central config failure. Unsupported config names: bogus, server_url"])
        subject.applier.apply(["queue_path": "/tmp/x", "bogus": "1"])
        #expect(subject.logs.messages(atLeast: .warning).last == "Central config failure. Unsupported config names: queue_path")
    }

    @Test("log_level changes the level of every copy of the agent's logger, and reverts")
    func logLevelFollows() {
        var subject = Subject()
        let copy = subject.core.logger
        copy.debug("hidden")
        subject.applier.apply(["log_level": "debug"])
        #expect(subject.core.logger.logLevel == .debug)
        copy.debug("shown")
        subject.applier.apply(["log_level": "error"])
        copy.info("hidden too")
        subject.applier.apply([:])
        #expect(copy.logLevel == .info)
        let messages = subject.logs.messages()
        #expect(!messages.contains("hidden") && !messages.contains("hidden too"))
        #expect(messages.contains("shown"))
        #expect(messages.contains("Central config: log_level 'debug' → 'error'") == false)
        #expect(messages.contains("Central config: log_level 'error' → 'info'"))
    }

    @Test("a transaction keeps the limits it started with; the next one gets the new ones")
    func perTransactionSnapshot() {
        var subject = Subject()
        let first = subject.agent.beginTransaction(type: "request", name: "first")
        subject.applier.apply(["transaction_max_spans": "1", "transaction_sample_rate": "0"])
        #expect(first.limits.maxSpans == 500)
        #expect(first.isSampled)
        subject.agent.endTransaction()
        let second = subject.agent.beginTransaction(type: "request", name: "second")
        #expect(second.limits.maxSpans == 1)
        #expect(!second.isSampled)
        subject.agent.endTransaction()
    }

    @Test("poll intervals: max-age, never under the minimum, the fallback when missing")
    func intervals() {
        let standard = RemoteConfigPollerConfiguration()
        #expect(standard.interval(maxAge: 30) == .seconds(30))
        #expect(standard.interval(maxAge: 1) == .seconds(5))
        #expect(standard.interval(maxAge: nil) == .seconds(300))
        let fast = RemoteConfigPollerConfiguration(minimumInterval: .milliseconds(100))
        #expect(fast.interval(maxAge: 1) == .seconds(1))
    }
}
