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

@Suite("APMTracer: attributes set after the start, concurrently, and read through the bridge's key signature")
struct TracerAttributeUpdateTests {
    @Test("attributes set one by one after the start, changed and removed, are mapped from their final values")
    func setAfterStart() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("GET", kind: .server)
        let span = tracer.start("query", kind: .client, context: root.context)
        span.attributes["messaging.system"] = "kafka"
        span.attributes["db.system"] = "postgresql"
        span.attributes["messaging.system"] = nil
        span.updateAttributes { attributes in
            attributes["db.namespace"] = "shop"
            attributes["db.query.text"] = "SELECT 1"
        }
        span.attributes["db.namespace"] = "orders"
        span.operationName = "SELECT orders"
        span.end()
        root.attributes["http.request.method"] = "GET"
        root.attributes["http.route"] = "/orders/{id}"
        root.updateAttributes { $0["http.response.status_code"] = 404 }
        root.end()
        let events = test.events()
        let query = try #require(events.span(named: "SELECT orders"))
        #expect(query["type"] as? String == "db")
        #expect(query["subtype"] as? String == "postgresql")
        #expect(query[path: "context.db.instance"] as? String == "orders")
        #expect(query[path: "context.db.statement"] as? String == "SELECT 1")
        #expect(query[path: "context.message"] == nil)
        #expect(query.otelAttributes["messaging.system"] == nil)
        let transaction = try #require(events.transactions.first)
        #expect(transaction["name"] as? String == "GET /orders/:id")
        #expect(transaction["type"] as? String == "request")
        #expect(transaction["result"] as? String == "HTTP 4xx")
        #expect(transaction[path: "context.response.status_code"] as? Int == 404)
    }

    @Test("a name the bridge infers replaces the span's name, and a span without attributes keeps its own")
    func inferredName() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("job", kind: .consumer)
        let call = tracer.start("GET", kind: .client, context: root.context)
        call.set(["http.request.method": "GET", "url.full": "https://api.example.com:8443/v1/items"])
        call.end()
        let plain = tracer.start("compute", kind: .internal, context: root.context)
        plain.end()
        root.end()
        let events = test.events()
        let http = try #require(events.span(named: "GET api.example.com"))
        #expect(http[path: "context.http.url"] as? String == "https://api.example.com:8443/v1/items")
        let compute = try #require(events.span(named: "compute"))
        #expect(compute["context"] == nil)
    }

    @Test("attributes written from many threads at once: every span is mapped from one consistent set")
    func concurrentWrites() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("GET", kind: .server)
        let spans = (0..<8).map { tracer.start("query \($0)", kind: .client, context: root.context) }
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let span = spans[index % spans.count]
            span.updateAttributes { attributes in
                attributes["db.system"] = "mysql"
                attributes["db.query.text"] = "SELECT \(index)"
                attributes["writer.\(index)"] = index
            }
            span.attributes["db.namespace"] = "shop"
            root.updateAttributes { attributes in
                attributes["http.request.method"] = "GET"
                attributes["http.route"] = "/items"
            }
        }
        for span in spans { span.end() }
        root.end()
        let events = test.events()
        #expect(events.spans.count == spans.count)
        for span in events.spans {
            #expect(span["type"] as? String == "db")
            #expect(span["subtype"] as? String == "mysql")
            #expect((span[path: "context.db.statement"] as? String)?.hasPrefix("SELECT ") == true)
            #expect(span[path: "context.db.type"] as? String == "sql")
        }
        let transaction = try #require(events.transactions.first)
        #expect(transaction["name"] as? String == "GET /items")
        #expect(transaction["type"] as? String == "request")
    }

    @Test("the key signature never hides a key that is set (random keys and lookups)")
    func signatureLookups() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz._0123456789é")
        func randomKey() -> String {
            String((0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let conventional = [
            "db.system", "db.namespace", "db.query.text", "server.address", "server.port", "net.peer.name",
            "http.request.method", "http.response.status_code", "url.full", "peer.service", "rpc.system",
        ]
        for _ in 0..<500 {
            var attributes = SpanAttributes()
            var keys: [String] = []
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                let key = Bool.random(using: &generator) ? randomKey() : conventional.randomElement(using: &generator)!
                keys.append(key)
                attributes[key] = key.count
            }
            let bridged = BridgedAttributes(attributes)
            for key in keys + conventional + (0..<20).map({ _ in randomKey() }) {
                #expect(bridged.get(key) == attributes.get(key), "\(key) in \(keys)")
            }
        }
    }
    @Test("route templates: the one-pass rewrite of {name} segments matches split, map and join (random routes)")
    func colonParameters() {
        func reference(_ route: String) -> String {
            guard route.utf8.contains(UInt8(ascii: "{")) else { return route }
            return route.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
                guard segment.count > 2, segment.first == "{", segment.last == "}",
                    !segment.dropFirst().dropLast().contains(where: { $0 == "{" || $0 == "}" })
                else { return String(segment) }
                return ":" + String(segment.dropFirst().dropLast())
            }.joined(separator: "/")
        }
        #expect(HTTPServerConventions.colonParameters("/users/{id}/posts/{post_id}") == "/users/:id/posts/:post_id")
        var generator = SystemRandomNumberGenerator()
        let pieces = ["{id}", "{", "}", "{}", "{{x}}", "a{b}", "{x", "users", "", "é", "{é}", "/\u{301}", "{a}\u{301}"]
        for _ in 0..<2_000 {
            let route = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined(separator: Bool.random(using: &generator) ? "/" : "")
            #expect(HTTPServerConventions.colonParameters(route) == reference(route), "\(route)")
        }
    }
}
