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

@Suite("APMTracer: FluentKit's fluent.query spans")
struct TracerFluentTests {
    /// FluentKit 1.57's attributes for `Todo.query(on:).all()` on a model whose schema is `todos`.
    static let readTodos: [String: SpanAttribute] = [
        "fluent.query.collection": "todos", "fluent.query.operation": "read", "fluent.query.summary": "read todos",
    ]

    /// Ends one `fluent.query` client span with `attributes` under a transaction and returns it.
    func fluentSpan(_ attributes: [String: SpanAttribute], name: String = "fluent.query") throws -> [String: Any] {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("GET /todos", kind: .server)
        let span = tracer.start(name, kind: .client, context: root.context)
        span.set(attributes)
        span.end()
        root.end()
        return try #require(test.events().spans.first)
    }

    @Test("a fluent.query span is a db query span named after the operation and the collection")
    func readQuery() throws {
        let span = try fluentSpan(Self.readTodos)
        #expect(span["name"] as? String == "read todos")
        #expect(span["type"] as? String == "db")
        #expect(span["action"] as? String == "query")
        // No driver is linked into the test process and the span names no system: no subtype, no made-up type.
        #expect(span["subtype"] == nil)
        #expect(span[path: "context.db.type"] == nil)
        #expect(span[path: "context.db.statement"] == nil)
        #expect(span[path: "context.service.target.type"] as? String == "db")
    }

    @Test("the namespace qualifies the name and is the instance; db.system gives subtype and type")
    func namespaceAndSystem() throws {
        var attributes = Self.readTodos
        attributes["fluent.query.namespace"] = "shop"
        attributes["fluent.query.operation"] = "delete"
        attributes["db.system"] = "psql"
        attributes["db.query.text"] = "DELETE FROM shop.todos WHERE id = $1"
        let span = try fluentSpan(attributes)
        #expect(span["name"] as? String == "delete shop.todos")
        #expect(span["subtype"] as? String == "postgresql")
        #expect(span[path: "context.db.instance"] as? String == "shop")
        #expect(span[path: "context.db.type"] as? String == "sql")
        #expect(span[path: "context.db.statement"] as? String == "DELETE FROM shop.todos WHERE id = $1")
        #expect(span[path: "context.service.target.type"] as? String == "postgresql")
        #expect(span[path: "context.service.target.name"] as? String == "shop")
    }

    @Test("a span named otherwise with fluent attributes keeps the generic mapping")
    func notFluent() throws {
        let span = try fluentSpan(Self.readTodos, name: "custom")
        #expect(span["name"] as? String == "custom")
        #expect(span["type"] as? String == "unknown")
    }

    @Test("the linked driver gives the subtype when the span names no system")
    func linkedDriver() throws {
        var attributes = SpanAttributes()
        attributes["fluent.query.collection"] = "todos"
        attributes["fluent.query.operation"] = "create"
        let bridged = BridgedAttributes(attributes)
        let (typeName, context, name) = FluentConventions.shape(bridged, peer: NetworkPeer(bridged), linkedSystem: "sqlite")
        #expect(name == "create todos")
        #expect(typeName.subtype == "sqlite")
        #expect(context.db?.type == "sql")
        // The test process links no Fluent driver.
        #expect(FluentConventions.linkedDriverSystem == nil)
    }

    @Test(
        "operation verbs: plain operations, aggregates by their method, custom",
        arguments: [
            ("read", "read"), ("create", "create"), ("update", "update"), ("delete", "delete"),
            ("aggregate(count(todos[id]))", "count"), ("aggregate(sum(orders[total]))", "sum"),
            ("aggregate(custom(x))", "custom"), ("custom(SELECT 1)", "custom"), ("", "query"),
        ])
    func verbs(operation: String, verb: String) {
        #expect(FluentConventions.operationVerb(operation) == verb)
    }

    @Test("system names are spelled as the span type registry spells them")
    func systems() {
        #expect(FluentConventions.normalizedSystem("psql") == "postgresql")
        #expect(FluentConventions.normalizedSystem("postgres") == "postgresql")
        #expect(FluentConventions.normalizedSystem("sqlite3") == "sqlite")
        #expect(FluentConventions.normalizedSystem("MySQL") == "mysql")
    }
}
