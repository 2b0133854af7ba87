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
import Hummingbird
import HummingbirdTesting
import Testing
import Tracing

/// A real Hummingbird 2 application on loopback, traced by the agent through Hummingbird's
/// `TracingMiddleware`. Each test binds its own agent's tracer with `withTracer`, which the
/// application's tasks inherit, so tests need no process-wide bootstrap and may run in parallel.
@Suite("Hummingbird")
struct HummingbirdTests {
    enum CheckoutFailure: Error { case declined }

    /// The application under test: routes answering 200, 404 (no route), a thrown error and a 500.
    static func router(agent: APMAgent) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TracingMiddleware(recordingHeaders: [.authorization, .cookie, .userAgent, .contentType]))
        router.add(middleware: RequestBodyMiddleware(agent: agent))
        router.get("/users/:id") { _, context in "user \(try context.parameters.require("id"))" }
        router.post("/users/:id") { request, context in "saved \(try context.parameters.require("id"))" }
        router.post("/checkout") { _, _ -> String in throw CheckoutFailure.declined }
        router.get("/maintenance") { _, _ in Response(status: .internalServerError) }
        return router
    }

    /// Runs the application on loopback (HummingbirdTesting's `.live` framework) with `recording`'s
    /// tracer, and sends requests with its untraced test client.
    nonisolated(nonsending) func serve(
        _ recording: RecordingAgent,
        _ requests: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let application = Application(router: Self.router(agent: recording.agent), logger: quietLogger)
        try await withTracer(recording.agent.tracer) {
            try await application.test(.live, requests)
        }
    }

    @Test("200 on a route with a parameter: named by the route, HTTP 2xx, request and response context")
    func routeWithParameter() async throws {
        let recording = RecordingAgent()
        try await serve(recording) { client in
            let response = try await client.send(
                .get, "/users/42?tab=orders",
                headers: [.authorization: "Bearer s3cr3t", .userAgent: "integration-test"])
            #expect(response.status == 200)
            #expect(response.body == "user 42")
        }
        let (found, _) = await recording.transaction(named: "GET /users/:id")
        let transaction = try #require(found)
        #expect(transaction["type"] as? String == "request")
        #expect(transaction["result"] as? String == "HTTP 2xx")
        #expect(transaction["outcome"] as? String == "success")
        #expect(transaction[path: "context.request.method"] as? String == "GET")
        #expect(transaction[path: "context.request.url.pathname"] as? String == "/users/42")
        #expect(transaction[path: "context.request.url.search"] as? String == "tab=orders")
        #expect(transaction[path: "context.response.status_code"] as? Int == 200)
    }

    @Test("404 for an unknown path: HTTP 4xx, and a client error is not a failure of the server")
    func notFound() async throws {
        let recording = RecordingAgent()
        try await serve(recording) { client in
            let status = try await client.send(.get, "/nowhere").status
            #expect(status == 404)
        }
        let (found, _) = await recording.transaction(named: "GET unknown route")
        let transaction = try #require(found)
        #expect(transaction["result"] as? String == "HTTP 4xx")
        #expect(transaction["outcome"] as? String == "success")
        #expect(transaction[path: "context.response.status_code"] as? Int == 404)
        #expect(transaction[path: "context.request.url.pathname"] as? String == "/nowhere")
    }

    @Test("a thrown error: HTTP 5xx, failure, and an error event parented to the transaction")
    func thrownError() async throws {
        let recording = RecordingAgent()
        try await serve(recording) { client in
            let status = try await client.send(.post, "/checkout").status
            #expect(status == 500)
        }
        let events = await recording.events(until: { $0.transaction(named: "POST /checkout") != nil && !$0.errors.isEmpty })
        let transaction = try #require(events.transaction(named: "POST /checkout"))
        #expect(transaction["result"] as? String == "HTTP 5xx")
        #expect(transaction["outcome"] as? String == "failure")
        #expect(transaction[path: "context.response.status_code"] as? Int == 500)
        let error = try #require(events.errors.first)
        #expect(error["trace_id"] as? String == transaction["trace_id"] as? String)
        #expect(error["transaction_id"] as? String == transaction["id"] as? String)
        #expect(error["parent_id"] as? String == transaction["id"] as? String)
        #expect((error[path: "exception.type"] as? String)?.contains("CheckoutFailure") == true)
        #expect(error[path: "transaction.name"] as? String == "POST /checkout")
    }

    @Test("a 500 response without an error: HTTP 5xx and failure, no error event")
    func serverErrorResponse() async throws {
        let recording = RecordingAgent()
        try await serve(recording) { client in
            let status = try await client.send(.get, "/maintenance").status
            #expect(status == 500)
        }
        let (found, events) = await recording.transaction(named: "GET /maintenance")
        let transaction = try #require(found)
        #expect(transaction["result"] as? String == "HTTP 5xx")
        #expect(transaction["outcome"] as? String == "failure")
        #expect(events.errors.isEmpty)
    }

    @Test("capture_headers and sanitize_field_names: Authorization, a listed header and sensitive cookies are redacted")
    func headersSanitized() async throws {
        let recording = RecordingAgent { $0.sanitizeFieldNames = ["authorization", "*session*", "user-agent"] }
        try await serve(recording) { client in
            _ = try await client.send(
                .get, "/users/7",
                headers: [
                    .authorization: "Bearer s3cr3t", .cookie: "sessionid=abc; lang=en", .userAgent: "integration-test",
                    .contentType: "text/plain",
                ])
        }
        let transaction = try #require(await recording.transaction(named: "GET /users/:id").transaction)
        let headers = try #require(transaction[path: "context.request.headers"] as? [String: Any])
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name }?.value as? String }
        #expect(header("authorization") == "[REDACTED]")
        #expect(header("user-agent") == "[REDACTED]")
        #expect(header("cookie") == "sessionid=[REDACTED]; lang=en")
        #expect(header("content-type") == "text/plain")
    }

    @Test("capture_headers=false: no request headers are reported")
    func headersOff() async throws {
        let recording = RecordingAgent { $0.captureHeaders = false }
        try await serve(recording) { client in
            _ = try await client.send(.get, "/users/7", headers: [.authorization: "Bearer s3cr3t"])
        }
        let transaction = try #require(await recording.transaction(named: "GET /users/:id").transaction)
        #expect(transaction[path: "context.request.method"] as? String == "GET")
        #expect(transaction[path: "context.request.headers"] == nil)
    }

    /// capture_body: `off` (the middleware reads no body), `transactions`, `errors` or `all`, and the body
    /// expected on the successful request's transaction and on the error event of the failing one.
    @Test(
        "capture_body decides whether the body read by the middleware is sent, with form fields sanitised",
        arguments: [
            ("off", nil, nil), ("transactions", "name=bob&password=[REDACTED]", "[REDACTED]"),
            ("errors", "[REDACTED]", "card=[REDACTED]"), ("all", "name=bob&password=[REDACTED]", "card=[REDACTED]"),
        ])
    func captureBody(setting: String, transactionBody: String?, errorBody: String?) async throws {
        let recording = RecordingAgent {
            $0.captureBody = APMAgent.Configuration.CaptureBody(rawValue: setting)
            $0.sanitizeFieldNames = ["password", "card"]
        }
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        try await serve(recording) { client in
            let saved = try await client.send(.post, "/users/42", headers: form, body: "name=bob&password=hunter2")
            let failed = try await client.send(.post, "/checkout", headers: form, body: "card=4111")
            #expect([saved.status, failed.status] == [200, 500])
        }
        let events = await recording.events(until: { $0.transactions.count == 2 && !$0.errors.isEmpty })
        let saved = try #require(events.transaction(named: "POST /users/:id"))
        let failed = try #require(events.transaction(named: "POST /checkout"))
        let error = try #require(events.errors.first)
        #expect(saved[path: "context.request.body"] as? String == transactionBody)
        #expect(error[path: "context.request.body"] as? String == errorBody)
        #expect(error[path: "context.request.method"] as? String == "POST")
        #expect(
            failed[path: "context.request.body"] as? String == transactionBody.map { $0 == "[REDACTED]" ? $0 : "card=[REDACTED]" }
        )
    }
}
