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
import ElasticAPMTesting
import FluentKit
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix
import Testing
import Tracing

/// A todo item in an in-memory SQLite database.
final class Todo: Model, @unchecked Sendable {
    static let schema = "todos"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String

    init() {}

    init(title: String) {
        self.title = title
    }
}

@Suite("Fluent: real queries through FluentSQLiteDriver become db spans")
struct FluentQueryTests {
    @Test("create, read and count on an in-memory SQLite database")
    func queries() async throws {
        var configuration = APMAgent.Configuration(serviceName: "fluent-test")
        configuration.logLevel = .warning
        let test = APMTestAgent(configuration: configuration)
        let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(.sqlite(.memory), as: .sqlite)
        var logger = Logger(label: "fluent")
        logger.logLevel = .warning
        let database = try #require(databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()))
        try await database.schema(Todo.schema).id().field("title", .string, .required).create()

        let count = try await withTracer(test.agent.tracer) {
            try await withSpan("GET /todos", ofKind: .server) { _ in
                try await Todo(title: "write the Fluent test").create(on: database)
                _ = try await Todo.query(on: database).filter(\.$title == "write the Fluent test").all()
                return try await Todo.query(on: database).count()
            }
        }
        await databases.shutdownAsync()
        #expect(count == 1)

        let spans = test.events().filter { $0.type == "span" }.map { try? JSONSerialization.jsonObject(with: Data($0.line.utf8)) }
            .compactMap { ($0 as? [String: Any])?["span"] as? [String: Any] }
        #expect(spans.map { $0["name"] as? String } == ["create todos", "read todos", "count todos"])
        for span in spans {
            #expect(span["type"] as? String == "db")
            #expect(span["subtype"] as? String == "sqlite")
            #expect(span["action"] as? String == "query")
            let context = span["context"] as? [String: Any]
            let db = context?["db"] as? [String: Any]
            #expect(db?["type"] as? String == "sql")
            let target = (context?["service"] as? [String: Any])?["target"] as? [String: Any]
            #expect(target?["type"] as? String == "sqlite")
        }
    }
}
