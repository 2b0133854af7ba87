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
import APMTestSupport
import Foundation
@testable import ElasticAPM

/// An agent with a queue file, a sender and a config thread (or, without a queue path, an
/// in-memory store and a config thread without cache), logging into a recorder; polls may be as
/// close as `minimumInterval` so tests run fast. The config thread waits between polls on
/// `clock`: with a ``ManualClock``, ``advance(by:)`` makes it poll again.
struct CentralConfigAgent {
    let agent: APMAgent
    let logs: LogCapture
    let clock: any AgentClock

    /// A fresh queue path in its own temporary folder.
    static func temporaryQueuePath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-central-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appending(path: "queue.sqlite").path
    }

    init(
        serverURL: String, queuePath: String?, serviceName: String = "central-svc", environment: String? = "test",
        minimumInterval: Duration = .milliseconds(100), fallbackInterval: Duration = .seconds(300),
        clock: any AgentClock = SystemClock(), configure: (inout APMAgent.Configuration) -> Void = { _ in },
        variables: [String: String] = [:]
    ) {
        var configuration = APMAgent.Configuration(serviceName: serviceName, environment: environment, serverURL: serverURL)
        configuration.queuePath = queuePath
        configuration.queueCommitInterval = .milliseconds(1)
        configuration.metricsInterval = .zero
        configuration.logLevel = .debug
        configuration.serverTimeout = .seconds(3)
        configure(&configuration)
        let logs = LogCapture()
        self.logs = logs
        self.clock = clock
        var remoteConfig = RemoteConfigPollerConfiguration(minimumInterval: minimumInterval, fallbackInterval: fallbackInterval)
        remoteConfig.cachesInQueueFile = queuePath != nil
        let store = queuePath == nil ? InMemoryQueueWriter() : nil
        agent = APMAgent(
            configuration: configuration, environment: variables, ndjsonMirrorPath: nil,
            sendsToServer: queuePath != nil, remoteConfig: remoteConfig, logHandler: logs.handler, clock: clock
        ) { settings, logger in
            if let store { return store }
            return try SQLiteQueueWriter(
                path: settings.resolvedQueuePath, settings: settings,
                log: { message in logger.error("\(message)") })
        }
    }

    /// Waits (real time) until the config thread sleeps between polls, then advances its manual
    /// clock by `duration`; `false` when the thread did not go to sleep.
    func advance(by duration: Duration) async -> Bool {
        guard let manual = clock as? ManualClock, await manual.waitForSleeper() else { return false }
        manual.advance(by: duration)
        return true
    }

    /// Lines logged that start with `prefix`.
    func logged(_ prefix: String) -> [String] {
        logs.messages().filter { $0.hasPrefix(prefix) }
    }
}
