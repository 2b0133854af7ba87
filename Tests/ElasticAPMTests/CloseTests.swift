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

import APMStore
import Foundation
import Testing
@testable import ElasticAPM

@Suite("Close commits everything captured before it", .serialized, .timeLimit(.minutes(1)))
struct CloseTests {
    /// Nothing listens there: connections are refused at once.
    static let unreachable = "http://127.0.0.1:9"

    @Test("close(timeout: .zero) stores every event and the final metricsets; remaining is the queue's count", arguments: 1...3)
    func closeZero(run: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-close-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "queue.sqlite").path
        var configuration = APMAgent.Configuration(serviceName: "close-svc", serverURL: Self.unreachable)
        configuration.queuePath = path
        configuration.metricsInterval = .seconds(30)
        configuration.centralConfig = false
        configuration.logLevel = .critical
        let agent = APMAgent(configuration: configuration, environment: [:])
        for number in 1...(20 * run) {
            agent.withTransaction("GET /\(number)", type: "request") { _ in
                agent.captureSpan("SELECT", type: "db") { _ in }
            }
        }
        let report = agent.closeBlocking(timeout: .zero)
        let statistics = agent.statistics
        #expect(statistics.dropped.isEmpty)
        #expect((statistics.captured["metricset"] ?? 0) > 0)
        #expect(statistics.stored == statistics.capturedTotal)
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let queued = try queue.pendingEventCount()
        #expect(queued == statistics.stored)
        #expect(report.remaining == queued)
        #expect(!report.completed)
    }
}
