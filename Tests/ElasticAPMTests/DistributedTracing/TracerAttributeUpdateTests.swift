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

@Suite("APMTracer: attributes set after the start, concurrently, and read in one pass by the bridge")
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

    @Test("attributes updated from several tasks at once, on a transaction and its spans, are all mapped")
    func severalTasks() async throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("GET", kind: .server)
        let spans = (0..<4).map { tracer.start("query \($0)", kind: .client, context: root.context) }
        await withTaskGroup(of: Void.self) { group in
            for (index, span) in spans.enumerated() {
                group.addTask { span.updateAttributes { $0["db.system"] = "postgresql" } }
                group.addTask { root.updateAttributes { $0["http.request.method"] = "GET" } }
                group.addTask { span.operationName = "SELECT \(index)" }
            }
        }
        // Each span's own writes happen after the concurrent ones: the end maps their final values.
        for (index, span) in spans.enumerated() {
            span.updateAttributes { attributes in
                attributes["db.system"] = "postgresql"
                attributes["db.namespace"] = "shop\(index)"
                attributes["db.query.text"] = "SELECT \(index)"
            }
            span.end()
        }
        root.updateAttributes { attributes in
            attributes["http.route"] = "/items/{id}"
            attributes["http.response.status_code"] = 200
        }
        root.end()
        let events = test.events()
        #expect(events.spans.count == spans.count)
        for index in spans.indices {
            let span = try #require(events.span(named: "SELECT \(index)"))
            #expect(span["subtype"] as? String == "postgresql")
            #expect(span[path: "context.db.instance"] as? String == "shop\(index)")
            #expect(span[path: "context.db.statement"] as? String == "SELECT \(index)")
            #expect(span[path: "context.service.target.name"] as? String == "shop\(index)")
        }
        let transaction = try #require(events.transactions.first)
        #expect(transaction["name"] as? String == "GET /items/:id")
        #expect(transaction["result"] as? String == "HTTP 2xx")
    }

    @Test("values of other types are read as text or integers, empty strings count as unset, past 12 mapped keys too")
    func valueConversions() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("GET", kind: .server)
        // More than 12 mapped keys: the later ones are read from the attributes themselves.
        root.updateAttributes { attributes in
            attributes["http.request.method"] = "GET"
            attributes["http.method"] = "POST"
            attributes["http.route"] = "/orders/{id}"
            attributes["http.status_code"] = "503"
            attributes["url.full"] = ""
            attributes["http.url"] = "http://shop.example:8080/orders/7?x=1"
            attributes["url.scheme"] = "http"
            attributes["url.path"] = "/orders/7"
            attributes["url.query"] = "x=1"
            attributes["server.address"] = "shop.example"
            attributes["server.port"] = "8080"
            attributes["network.protocol.version"] = 2
            attributes["client.address"] = ""
            attributes["net.sock.peer.addr"] = "10.0.0.9"
            attributes["http.flavor"] = "1.1"
            attributes["net.host.name"] = "ignored.example"
            attributes["net.host.port"] = 9
        }
        let call = tracer.start("call", kind: .client, context: root.context)
        call.updateAttributes { attributes in
            attributes["rpc.system"] = "grpc"
            attributes["rpc.service"] = "Orders"
            attributes["rpc.grpc.status_code"] = 14.0
            attributes["net.peer.name"] = "orders.internal"
            attributes["net.peer.port"] = Int32(50051)
        }
        call.end()
        root.end()
        let events = test.events()
        let span = try #require(events.spans.first)
        #expect(span["subtype"] as? String == "grpc")
        #expect(span["outcome"] as? String == "failure")
        #expect(span[path: "context.service.target.name"] as? String == "orders.internal:50051")
        #expect(span[path: "context.destination.port"] as? Int == 50051)
        let transaction = try #require(events.transactions.first)
        #expect(transaction["name"] as? String == "GET /orders/:id")
        #expect(transaction["result"] as? String == "HTTP 5xx")
        #expect(transaction["outcome"] as? String == "failure")
        #expect(transaction[path: "context.request.method"] as? String == "GET")
        #expect(transaction[path: "context.request.url.full"] as? String == "http://shop.example:8080/orders/7?x=1")
        #expect(transaction[path: "context.request.url.port"] as? Int == 8080)
        #expect(transaction[path: "context.request.url.hostname"] as? String == "shop.example")
        #expect(transaction[path: "context.request.http_version"] as? String == "2")
        #expect(transaction[path: "context.request.socket.remote_address"] as? String == "10.0.0.9")
        #expect(transaction[path: "context.response.status_code"] as? Int == 503)
    }

    @Test("the one pass over the attributes keeps every mapped key that is set, past its inline room too (random keys)")
    func bridgedLookups() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz._0123456789é")
        func randomKey() -> String {
            String((0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let mapped = BridgedAttributeKey.allCases
        for _ in 0..<500 {
            var attributes = SpanAttributes()
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let key = Bool.random(using: &generator) ? randomKey() : mapped.randomElement(using: &generator)!.name
                attributes[key] = key.count
            }
            let bridged = BridgedAttributes(attributes)
            // Every value is the name's length: text "N" for most keys, the integer N for ports and status codes.
            for key in mapped {
                let isSet = attributes.get(key.name) != nil
                #expect(bridged.present.contains(key) == isSet, "\(key.name)")
                if key.isInteger {
                    #expect(bridged.int(key) == (isSet ? key.name.count : nil), "\(key.name)")
                } else {
                    #expect(bridged.string(key) == (isSet ? String(key.name.count) : nil), "\(key.name)")
                }
            }
        }
        #expect(Set(mapped.map(\.name)).count == mapped.count)
        #expect(mapped.allSatisfy { BridgedAttributeKey.named($0.name) == $0 })
        #expect(BridgedAttributeKey.named("db.systemx") == nil && BridgedAttributeKey.named("") == nil)
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
