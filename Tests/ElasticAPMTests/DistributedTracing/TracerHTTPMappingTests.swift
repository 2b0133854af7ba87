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

@Suite("APMTracer: HTTP semantic conventions")
struct TracerHTTPMappingTests {
    /// What Hummingbird 2.28's `TracingMiddleware` sets for `GET /users/42?x=1` on the route `/users/:id`.
    static func hummingbirdRequest(
        _ tracer: APMTracer, status: Int, headers: [String: SpanAttribute] = [:],
        context: ServiceContext = .topLevel
    ) -> APMTracerSpan {
        let span = tracer.startSpan("HTTP GET route not found", context: context, ofKind: .server)
        span.updateAttributes { attributes in
            attributes["http.request.method"] = "GET"
            attributes["url.path"] = "/users/42"
            attributes["url.query"] = "x=1"
            attributes["user_agent.original"] = "curl/8"
            attributes["net.sock.peer.addr"] = "10.1.2.3"
            for (key, value) in headers { attributes.set(key, value: value) }
        }
        span.operationName = "/users/{id}"
        span.updateAttributes { attributes in
            attributes["http.route"] = "/users/{id}"
            attributes["http.response.status_code"] = status
            attributes["http.response.header.content_type"] = "application/json"
        }
        return span
    }

    @Test("Hummingbird's attributes give name, type, result, outcome, request and response")
    func hummingbird() throws {
        let test = TestAgent()
        let span = Self.hummingbirdRequest(
            test.agent.tracer, status: 200,
            headers: [
                "http.request.header.authorization": "Bearer secret",
                "http.request.header.accept": .stringArray(["text/html", "application/json"]),
            ])
        span.end()
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction["name"] as? String == "GET /users/:id")
        #expect(transaction["type"] as? String == "request")
        #expect(transaction["result"] as? String == "HTTP 2xx")
        #expect(transaction["outcome"] as? String == "success")
        #expect(transaction[path: "context.request.method"] as? String == "GET")
        #expect(transaction[path: "context.request.url.pathname"] as? String == "/users/42")
        #expect(transaction[path: "context.request.url.search"] as? String == "x=1")
        #expect(transaction[path: "context.request.socket.remote_address"] as? String == "10.1.2.3")
        #expect(transaction[path: "context.request.headers.authorization"] as? String == "[REDACTED]")
        #expect(transaction[path: "context.request.headers.accept"] as? [String] == ["text/html", "application/json"])
        #expect(transaction[path: "context.response.status_code"] as? Int == 200)
        #expect(transaction[path: "context.response.headers.content-type"] as? String == "application/json")
        let otel = transaction.otelAttributes
        #expect(otel["http.route"] as? String == "/users/{id}")
        #expect(otel["http.response.status_code"] as? Int == 200)
        #expect(otel["user_agent.original"] as? String == "curl/8")
        #expect(
            !otel.keys.contains { $0.hasPrefix("http.request.header.") || $0.hasPrefix("http.response.header.") },
            "headers never go to otel.attributes, where sanitize_field_names would not apply")
    }

    @Test("capture_headers=false drops the header attributes")
    func captureHeadersOff() throws {
        let test = TestAgent { $0.captureHeaders = false }
        Self.hummingbirdRequest(test.agent.tracer, status: 200, headers: ["http.request.header.accept": "*/*"]).end()
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction[path: "context.request.headers"] == nil)
        #expect(transaction[path: "context.response.headers"] == nil)
        #expect(transaction[path: "context.request.method"] as? String == "GET")
    }

    @Test(
        "Hummingbird's unmatched route and a thrown 404 keep the outcome a success",
        arguments: [
            ("NotFound", "GET unknown route"), ("/users/{id}", "GET /users/:id"),
        ])
    func notFound(route: String, name: String) throws {
        let test = TestAgent()
        let span = test.agent.tracer.startSpan("HTTP GET route not found", context: .topLevel, ofKind: .server)
        span.attributes["http.request.method"] = "GET"
        span.operationName = route
        span.updateAttributes {
            $0["http.route"] = route
            $0["http.response.status_code"] = 404
        }
        span.recordError(CheckoutError.notFound)
        span.end()
        let events = test.events()
        let transaction = try #require(events.transactions.first)
        #expect(transaction["name"] as? String == name)
        #expect(transaction["result"] as? String == "HTTP 4xx")
        #expect(transaction["outcome"] as? String == "success")
        #expect(events.errors.first?[path: "transaction.name"] as? String == name)
    }

    @Test("Vapor's attributes: route from http.route, URL from scheme, server address and port, 5xx fails")
    func vapor() throws {
        let test = TestAgent()
        let span = test.agent.tracer.startSpan("GET /users/:id", context: .topLevel, ofKind: .server)
        span.updateAttributes { attributes in
            attributes["http.request.method"] = "GET"
            attributes["url.path"] = "/users/42"
            attributes["url.scheme"] = "http"
            attributes["http.route"] = "/users/:id"
            attributes["network.protocol.name"] = "http"
            attributes["server.address"] = "127.0.0.1"
            attributes["server.port"] = 8080
            attributes["client.address"] = "10.0.0.9"
            attributes["network.protocol.version"] = "1.1"
        }
        span.attributes["http.response.status_code"] = 500
        span.setStatus(SpanStatus(code: .error))
        span.end()
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction["name"] as? String == "GET /users/:id")
        #expect(transaction["result"] as? String == "HTTP 5xx")
        #expect(transaction["outcome"] as? String == "failure")
        #expect(transaction[path: "context.request.url.full"] as? String == "http://127.0.0.1:8080/users/42")
        #expect(transaction[path: "context.request.url.hostname"] as? String == "127.0.0.1")
        #expect(transaction[path: "context.request.url.port"] as? Int == 8080)
        #expect(transaction[path: "context.request.url.protocol"] as? String == "http:")
        #expect(transaction[path: "context.request.http_version"] as? String == "1.1")
        #expect(transaction[path: "context.request.socket.remote_address"] as? String == "10.0.0.9")
        #expect(transaction[path: "context.response.status_code"] as? Int == 500)
    }

    @Test("Vapor's undefined route and legacy attribute names")
    func vaporUndefinedRouteAndLegacyNames() throws {
        let test = TestAgent()
        let span = test.agent.tracer.startSpan("vapor_route_undefined", context: .topLevel, ofKind: .server)
        span.set([
            "http.method": "POST", "http.target": "/nowhere?a=b", "http.status_code": 404, "http.scheme": "https",
            "http.host": "shop.example:8443", "http.flavor": "2.0",
        ])
        span.end()
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction["name"] as? String == "POST unknown route")
        #expect(transaction["result"] as? String == "HTTP 4xx")
        #expect(transaction[path: "context.request.url.pathname"] as? String == "/nowhere")
        #expect(transaction[path: "context.request.url.search"] as? String == "a=b")
        #expect(transaction[path: "context.request.url.full"] as? String == "https://shop.example:8443/nowhere?a=b")
        #expect(transaction[path: "context.request.http_version"] as? String == "2.0")
    }

    @Test("transaction_ignore_urls applies to url.path")
    func ignoreURLs() {
        let test = TestAgent { $0.transactionIgnoreURLs = ["/health*"] }
        let span = test.agent.tracer.startSpan("GET /health", context: .topLevel, ofKind: .server)
        span.set(["http.request.method": "GET", "url.path": "/healthz", "http.response.status_code": 200])
        span.end()
        #expect(test.events().transactions.isEmpty)
    }

    @Test("AsyncHTTPClient's client span: exit span named after method and host, context.http, service target")
    func asyncHTTPClient() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("job", kind: .consumer)
        let client = tracer.startSpan("GET", context: root.context, ofKind: .client)
        client.updateAttributes { attributes in
            attributes["http.request.method"] = "GET"
            attributes["url.scheme"] = "https"
            attributes["server.address"] = "api.example.com"
            attributes["server.port"] = 8443
            attributes["url.path"] = "/v1/items"
            attributes["url.full"] = "https://user:secret@api.example.com:8443/v1/items?page=2"
            attributes["url.query"] = "page=2"
        }
        client.attributes["http.status_code"] = SpanAttribute.int64(503)
        client.setStatus(SpanStatus(code: .error))
        client.end()
        root.end()
        let span = try #require(test.events().spans.first)
        #expect(span["name"] as? String == "GET api.example.com")
        #expect(span["type"] as? String == "external")
        #expect(span["subtype"] as? String == "http")
        #expect(span["outcome"] as? String == "failure")
        #expect(span[path: "context.http.url"] as? String == "https://[REDACTED]:[REDACTED]@api.example.com:8443/v1/items?page=2")
        #expect(
            span.otelAttributes["url.full"] as? String == "https://[REDACTED]:[REDACTED]@api.example.com:8443/v1/items?page=2")
        #expect(span[path: "context.http.method"] as? String == "GET")
        #expect(span[path: "context.http.status_code"] as? Int == 503)
        #expect(span[path: "context.destination.address"] as? String == "api.example.com")
        #expect(span[path: "context.destination.port"] as? Int == 8443)
        #expect(span[path: "context.destination.service.resource"] as? String == "api.example.com:8443")
        #expect(span[path: "context.service.target.type"] as? String == "http")
        #expect(span[path: "context.service.target.name"] as? String == "api.example.com:8443")
    }
}

/// An error thrown by the tests' pretend handlers.
enum CheckoutError: Error {
    case notFound
    case declined
}
