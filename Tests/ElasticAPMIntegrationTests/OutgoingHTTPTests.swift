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

import AsyncHTTPClient
import ElasticAPM
import Hummingbird
import HummingbirdTesting
import Testing
import Tracing

/// Service A calls service B with AsyncHTTPClient inside its transaction; both are Hummingbird
/// applications on loopback (HummingbirdTesting's `.live` framework), each traced by its own agent.
@Suite("Outgoing HTTP")
struct OutgoingHTTPTests {
    /// Service B: answers with the trace headers it received, `traceparent|tracestate`.
    static func inventoryRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TracingMiddleware())
        router.get("/inventory/:sku") { request, _ in
            func header(_ name: String) -> String { request.headers.first { $0.name.canonicalName == name }?.value ?? "" }
            return "\(header("traceparent"))|\(header("tracestate"))"
        }
        return router
    }

    /// Service A: calls B with `client` while handling `/checkout` and answers with B's body.
    static func checkoutRouter(client: HTTPClient, inventory: String) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TracingMiddleware())
        router.get("/checkout") { _, _ in
            try await client.send(.GET, "\(inventory)/inventory/sku-1").body
        }
        return router
    }

    @Test("an AsyncHTTPClient request in a transaction is an exit span, and service B continues the trace")
    func continuesTrace() async throws {
        let checkout = RecordingAgent(serviceName: "checkout")
        let inventory = RecordingAgent(serviceName: "inventory")
        let inventoryApplication = Application(router: Self.inventoryRouter(), logger: quietLogger)
        let (echoed, inventoryPort) = try await withTracer(inventory.agent.tracer) {
            try await inventoryApplication.test(.live) { inventoryClient in
                let port = try #require(inventoryClient.port)
                // The client is created where checkout's tracer is active: it traces with that tracer.
                return try await withTracer(checkout.agent.tracer) {
                    try await withHTTPClient(traced: true) { outgoing in
                        let router = Self.checkoutRouter(client: outgoing, inventory: "http://localhost:\(port)")
                        return try await Application(router: router, logger: quietLogger).test(.live) { client in
                            (try await client.send(.get, "/checkout"), port)
                        }
                    }
                }
            }
        }
        #expect(echoed.status == 200)

        let checkoutEvents = await checkout.events(until: { $0.transaction(named: "GET /checkout") != nil && !$0.spans.isEmpty })
        let transaction = try #require(checkoutEvents.transaction(named: "GET /checkout"))
        let span = try #require(checkoutEvents.spans.first)
        let target = "localhost:\(inventoryPort)"
        #expect(span["type"] as? String == "external")
        #expect(span["subtype"] as? String == "http")
        #expect(span["parent_id"] as? String == transaction["id"] as? String)
        #expect(span["trace_id"] as? String == transaction["trace_id"] as? String)
        #expect(span["outcome"] as? String == "success")
        #expect(span[path: "context.http.url"] as? String == "http://\(target)/inventory/sku-1")
        #expect(span[path: "context.http.status_code"] as? Int == 200)
        #expect(span[path: "context.destination.service.resource"] as? String == target)
        #expect(span[path: "context.service.target.type"] as? String == "http")
        #expect(span[path: "context.service.target.name"] as? String == target)

        let traceID = try #require(transaction["trace_id"] as? String)
        let spanID = try #require(span["id"] as? String)
        let headers = echoed.body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        #expect(headers.first == "00-\(traceID)-\(spanID)-01")
        #expect(headers.last?.contains("es=") == true)

        let (continued, _) = await inventory.transaction(named: "GET /inventory/:sku")
        let inventoryTransaction = try #require(continued)
        #expect(inventoryTransaction["trace_id"] as? String == traceID)
        #expect(inventoryTransaction["parent_id"] as? String == spanID)
    }

    @Test("inside agent.withTransaction (no server), an AsyncHTTPClient request is an exit span of that transaction")
    func withinAgentTransaction() async throws {
        let job = RecordingAgent(serviceName: "job")
        let inventory = RecordingAgent(serviceName: "inventory")
        let inventoryApplication = Application(router: Self.inventoryRouter(), logger: quietLogger)
        try await withTracer(inventory.agent.tracer) {
            try await inventoryApplication.test(.live) { inventoryClient in
                let port = try #require(inventoryClient.port)
                try await withTracer(job.agent.tracer) {
                    try await withHTTPClient(traced: true) { client in
                        try await job.agent.withTransaction("sync inventory", type: "job") { _ in
                            _ = try await client.send(.GET, "http://localhost:\(port)/inventory/sku-2")
                        }
                    }
                }
            }
        }
        let events = await job.events(until: { $0.transaction(named: "sync inventory") != nil && !$0.spans.isEmpty })
        let transaction = try #require(events.transaction(named: "sync inventory"))
        let span = try #require(events.spans.first)
        #expect(span["parent_id"] as? String == transaction["id"] as? String)
        #expect(span["subtype"] as? String == "http")
        let (continued, _) = await inventory.transaction(named: "GET /inventory/:sku")
        #expect(continued?["parent_id"] as? String == span["id"] as? String)
        #expect(continued?["trace_id"] as? String == transaction["trace_id"] as? String)
    }
}
