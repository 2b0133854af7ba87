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

/// The cached central configuration in the queue file, without a reachable server.
@Suite("Central configuration: the cache in the queue file", .serialized, .timeLimit(.minutes(1)))
struct CentralConfigCacheTests {
    /// Nothing listens there: connections are refused at once.
    static let unreachable = "http://127.0.0.1:9"

    func seed(
        _ path: String, service: String = "central-svc", environment: String = "test", body: String,
        etag: String = "cached-1", fetchedSecondsAgo: Int64 = 3600
    ) throws {
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        try queue.storeRemoteConfig(
            CachedRemoteConfig(
                serviceName: service, environment: environment, etag: etag, body: Array(body.utf8),
                fetchedAt: EventQueue.now() - fetchedSecondsAgo * 1_000_000, maxAge: 30, appliedAt: nil))
    }

    @Test("with the server unreachable, the cached configuration is applied at start and logged with its age")
    func appliedOffline() throws {
        let path = try CentralConfigAgent.temporaryQueuePath()
        try seed(path, body: #"{"transaction_sample_rate":"0","capture_body":"all"}"#)
        let subject = CentralConfigAgent(serverURL: Self.unreachable, queuePath: path)
        #expect(subject.agent.waitUntilCachedConfigApplied(timeout: .seconds(10)))
        let transaction = subject.agent.beginTransaction(type: "request", name: "first")
        #expect(!transaction.isSampled)
        subject.agent.endTransaction()
        #expect(subject.agent.settings.captureBody == .all)
        #expect(
            subject.logged("Central config: applied the cached configuration") == [
                "Central config: applied the cached configuration (etag cached-1, fetched 60m ago)"
            ])
        #expect(subject.logged("Central config: transaction_sample_rate").count == 1)
        subject.agent.closeBlocking(timeout: .milliseconds(500))

        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let cached = try #require(try queue.remoteConfig(serviceName: "central-svc", environment: "test"))
        #expect(cached.etag == "cached-1")
        #expect(cached.appliedAt != nil)
    }

    @Test("a restart applies the cached configuration before start returns: the first transactions already obey it")
    func appliedBeforeStartReturns() throws {
        let path = try CentralConfigAgent.temporaryQueuePath()
        try seed(path, body: #"{"transaction_max_spans":"1"}"#)
        let subject = CentralConfigAgent(serverURL: Self.unreachable, queuePath: path)
        // No wait: capture right after the agent was created, as an application does.
        #expect(subject.agent.settings.transactionMaxSpans == 1)
        for number in 1...20 {
            subject.agent.withTransaction("GET /\(number)", type: "request") { _ in
                for _ in 1...3 {
                    subject.agent.captureSpan("SELECT", type: "db") { _ in }
                }
            }
        }
        #expect(subject.agent.waitUntilQueued())
        #expect(subject.agent.statistics.captured["transaction"] == 20)
        #expect(subject.agent.statistics.captured["span"] == 20)
        subject.agent.closeBlocking(timeout: .milliseconds(500))
    }

    @Test("a cache for another service or environment is not applied")
    func otherServiceOrEnvironment() throws {
        let path = try CentralConfigAgent.temporaryQueuePath()
        try seed(path, service: "other-svc", body: #"{"transaction_sample_rate":"0"}"#)
        try seed(path, environment: "production", body: #"{"transaction_sample_rate":"0"}"#)
        let subject = CentralConfigAgent(serverURL: Self.unreachable, queuePath: path)
        #expect(subject.agent.waitUntilCachedConfigApplied(timeout: .seconds(10)))
        #expect(subject.agent.settings.transactionSampleRate == 1)
        #expect(subject.logged("Central config: applied").isEmpty)
        subject.agent.closeBlocking(timeout: .milliseconds(500))
    }

    @Test("an unreadable cached body is ignored with a warning")
    func unreadableCache() throws {
        let path = try CentralConfigAgent.temporaryQueuePath()
        try seed(path, body: "not json")
        let subject = CentralConfigAgent(serverURL: Self.unreachable, queuePath: path)
        #expect(subject.agent.waitUntilCachedConfigApplied(timeout: .seconds(10)))
        #expect(subject.agent.settings.transactionSampleRate == 1)
        #expect(subject.logs.count(containing: "the cached configuration is not a JSON object; ignored") == 1)
        subject.agent.closeBlocking(timeout: .milliseconds(500))
    }

    @Test("central_config=false: no config thread, the cache is not applied")
    func disabled() throws {
        let path = try CentralConfigAgent.temporaryQueuePath()
        try seed(path, body: #"{"transaction_sample_rate":"0"}"#)
        let subject = CentralConfigAgent(
            serverURL: Self.unreachable, queuePath: path,
            variables: ["ELASTIC_APM_CENTRAL_CONFIG": "false"])
        #expect(subject.agent.poller == nil)
        #expect(subject.agent.waitUntilQueued())
        #expect(subject.agent.beginTransaction(type: "request").isSampled)
        subject.agent.endTransaction()
        subject.agent.closeBlocking(timeout: .milliseconds(500))
    }

    @Test("an agent keeping events in memory polls nothing")
    func inMemoryAgent() {
        var configuration = APMAgent.Configuration(serviceName: "central-svc")
        configuration.metricsInterval = .zero
        let agent = APMAgent(configuration: configuration, environment: [:], inMemoryQueue: InMemoryQueueWriter())
        #expect(agent.poller == nil)
        agent.closeBlocking()
    }
}
