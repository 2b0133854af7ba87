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
import APMTestSupport
import Foundation
import Instrumentation
import Testing
import Tracing

@Suite("APMTracer: delivery", .timeLimit(.minutes(2)))
struct TracerDeliveryTests {
    @Test("forceFlush sends without blocking; the agent's own intake and config requests are never traced")
    func forceFlushWithoutFeedback() async throws {
        let server = try await LoopbackIntakeServer.start()
        let observer = TestAgent()
        let path = try CentralConfigAgent.temporaryQueuePath()
        // AsyncHTTPClient takes the tracer in scope when its configuration is created: the observer's, here.
        let subject = withTracer(observer.agent.tracer) { CentralConfigAgent(serverURL: server.url, queuePath: path) }
        subject.agent.tracer.startSpan("nightly export", context: .topLevel, ofKind: .consumer).end()
        subject.agent.tracer.forceFlush()
        #expect(await eventually { server.events.contains { $0.contains("nightly export") } })
        #expect(await eventually { !server.configRequests.isEmpty })
        let observed = observer.events()
        #expect(
            observed.transactions.isEmpty && observed.spans.isEmpty,
            "requests of the agent's HTTP client must not be traced: \(observed.transactions)")
        await subject.agent.close(timeout: .seconds(2))
        await server.shutdown()
    }

    @Test(
        "tracer events validate against the official intake v2 schemas",
        .enabled(
            if: IntakeOracle.isAvailable,
            "../shared/tools/intake-oracle or python3 with jsonschema not found: schema check skipped"))
    func schemas() throws {
        let test = TestAgent { $0.captureBody = .all }
        let tracer = test.agent.tracer
        let incoming = tracer.extracted([
            "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "tracestate": "es=s:1,other=x",
        ])
        let server = TracerHTTPMappingTests.hummingbirdRequest(
            tracer, status: 503,
            headers: [
                "http.request.header.cookie": "session=abc", "http.request.header.accept": .stringArray(["a", "b"]),
            ], context: incoming)
        server.attributes["app.numbers"] = SpanAttribute.doubleArray([1.5, .nan])
        server.addLink(Tracing.SpanLink(context: incoming, attributes: [:]))
        let client = tracer.startSpan("GET", context: server.context, ofKind: .client)
        client.set([
            "http.request.method": "GET", "url.full": "https://user:pw@api.example.com/v1?x=1",
            "http.status_code": 200,
        ])
        client.end()
        let database = tracer.start("SELECT", kind: .client, context: server.context)
        database.set([
            "db.system": "mysql", "db.name": "shop", "db.statement": "SELECT 1", "net.peer.name": "db", "net.peer.port": 3306,
        ])
        database.recordError(CheckoutError.declined)
        database.end()
        let producer = tracer.start("send", kind: .producer, context: server.context)
        producer.set(["messaging.system": "kafka", "messaging.destination.name": "orders", "app.flags": .boolArray([true])])
        producer.end()
        server.end()
        let consumer = tracer.start("receive", kind: .consumer)
        consumer.set(["messaging.system": "kafka", "app.count": .int32Array([1, 2])])
        consumer.setStatus(SpanStatus(code: .error, message: "failed"))
        consumer.end()
        let events = test.events()
        #expect(events.transactions.count == 2)
        #expect(events.spans.count == 3)
        #expect(events.errors.count == 1)

        let file = FileManager.default.temporaryDirectory.appending(path: "apm-tracer-conformance-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(test.store.ndjson.utf8).write(to: file)
        let result = try IntakeOracle.validate(file)
        #expect(result.exitStatus == 0, "oracle output: \(result.output)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(stats["invalid_events"] as? Int == 0, "\(stats["invalid_examples"] ?? "")")
    }
}
