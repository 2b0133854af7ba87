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

@testable import ElasticAPM
import Foundation
import Instrumentation
import Testing
import Tracing

@Suite("APMTracer: database, messaging, RPC and peer.service conventions")
struct TracerDatabaseMessagingTests {
    /// Ends one child span of kind `kind` with `attributes` under a consumer transaction and returns it.
    func exitSpan(
        _ name: String, kind: SpanKind = .client, _ attributes: [String: SpanAttribute],
        configure: (inout APMAgent.Configuration) -> Void = { _ in }
    ) throws -> [String: Any] {
        let test = TestAgent(configure)
        let tracer = test.agent.tracer
        let root = tracer.start("job", kind: .consumer)
        let span = tracer.start(name, kind: kind, context: root.context)
        span.set(attributes)
        span.end()
        root.end()
        return try #require(test.events().spans.first)
    }

    @Test("current database attributes fill context.db and the service target")
    func database() throws {
        let span = try exitSpan(
            "SELECT users",
            [
                "db.system": "postgresql", "db.namespace": "shop", "db.query.text": "SELECT * FROM users WHERE id = $1",
                "server.address": "db.internal", "server.port": 5432, "db.user": "app",
            ])
        #expect(span["type"] as? String == "db")
        #expect(span["subtype"] as? String == "postgresql")
        #expect(span["action"] as? String == "query")
        #expect(span[path: "context.db.instance"] as? String == "shop")
        #expect(span[path: "context.db.statement"] as? String == "SELECT * FROM users WHERE id = $1")
        #expect(span[path: "context.db.type"] as? String == "sql")
        #expect(span[path: "context.db.user"] as? String == "app")
        #expect(span[path: "context.destination.address"] as? String == "db.internal")
        #expect(span[path: "context.destination.port"] as? Int == 5432)
        #expect(span[path: "context.service.target.type"] as? String == "postgresql")
        #expect(span[path: "context.service.target.name"] as? String == "shop")
        #expect(span[path: "context.destination.service.resource"] as? String == "postgresql/shop")
        #expect(span.otelAttributes["db.query.text"] as? String == "SELECT * FROM users WHERE id = $1")
    }

    @Test("legacy database attributes and a non-SQL system")
    func legacyDatabase() throws {
        let span = try exitSpan("get", ["db.system": "redis", "db.name": "0", "db.statement": "GET key"])
        #expect(span[path: "context.db.type"] as? String == "redis")
        #expect(span[path: "context.db.instance"] as? String == "0")
        #expect(span[path: "context.db.statement"] as? String == "GET key")
    }

    @Test("a producer span with messaging attributes is a messaging send exit span")
    func messagingProducer() throws {
        let span = try exitSpan(
            "orders publish", kind: .producer,
            ["messaging.system": "kafka", "messaging.destination.name": "orders"])
        #expect(span["type"] as? String == "messaging")
        #expect(span["subtype"] as? String == "kafka")
        #expect(span["action"] as? String == "send")
        #expect(span[path: "context.message.queue.name"] as? String == "orders")
        #expect(span[path: "context.service.target.type"] as? String == "kafka")
        #expect(span[path: "context.service.target.name"] as? String == "orders")
        #expect(span[path: "context.destination.service.resource"] as? String == "kafka/orders")
    }

    @Test("a consumer transaction with messaging.system has type messaging")
    func messagingConsumer() throws {
        let test = TestAgent()
        let span = test.agent.tracer.start("orders process", kind: .consumer)
        span.set(["messaging.system": "kafka", "messaging.destination.name": "orders"])
        span.end()
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction["type"] as? String == "messaging")
        #expect(transaction["name"] as? String == "orders process")
        #expect(transaction["result"] == nil)
    }

    @Test("peer.service names the service target")
    func peerService() throws {
        let span = try exitSpan("charge", ["rpc.system": "grpc", "rpc.service": "payments.Charger", "peer.service": "payments"])
        #expect(span["type"] as? String == "external")
        #expect(span["subtype"] as? String == "grpc")
        #expect(span[path: "context.service.target.type"] as? String == "grpc")
        #expect(span[path: "context.service.target.name"] as? String == "payments")
    }

    @Test("other attributes are copied to otel.attributes with their JSON types")
    func otelAttributes() throws {
        let span = try exitSpan(
            "custom", kind: .internal,
            [
                "app.count": 3, "app.ratio": 0.5, "app.flag": true, "app.tags": .stringArray(["a", "b"]),
                "app.ids": .int64Array([1, 2]),
            ])
        let otel = span.otelAttributes
        #expect(otel["app.count"] as? Int == 3)
        #expect(otel["app.ratio"] as? Double == 0.5)
        #expect(otel["app.flag"] as? Bool == true)
        #expect(otel["app.tags"] as? [String] == ["a", "b"])
        #expect(otel["app.ids"] as? [Int] == [1, 2])
        #expect(span[path: "otel.span_kind"] as? String == "INTERNAL")
    }
}
