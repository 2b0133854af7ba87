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
import Testing

struct SpanTypeNameTests {
    @Test(
        arguments: [
            ("db.mysql.query", "db", "mysql", "query"),
            ("a.b.c.d", "a", "b", "c"),
            ("external.http", "external", "http", nil),
            ("app", "app", nil, nil),
            ("", "custom", nil, nil),
            (".mysql", "custom", "mysql", nil),
            ("db..query", "db", nil, "query"),
            ("db.", "db", nil, nil),
            ("...", "custom", nil, nil),
        ] as [(String, String, String?, String?)])
    func splitsDottedTypes(dotted: String, type: String, subtype: String?, action: String?) {
        let name = SpanTypeName(dotted: dotted)
        #expect(name.type == type)
        #expect(name.subtype == subtype)
        #expect(name.action == action)
        #expect(SpanTypeName(dotted: name.description) == name, "\(name.description) round trip")
    }

    @Test(
        "the per-thread cache gives the split of the rules, also after types were evicted and for equal strings built at run time"
    )
    func cacheMatchesSplit() {
        let types =
            ["db.mysql.query", "a.b.c.d", "external.http", "app", "", ".mysql", "db..query", "db.", "..."]
            + (0..<(2 * SpanTypeCache.capacity)).map { "type\($0).sub.action" }
        for _ in 0..<3 {
            for dotted in types {
                #expect(SpanTypeCache.split(dotted) == SpanTypeName(dotted: dotted), "\(dotted)")
                let rebuilt = String(dotted.reversed().reversed())
                #expect(SpanTypeCache.split(rebuilt) == SpanTypeName(dotted: dotted), "\(dotted) rebuilt")
            }
        }
    }

    @Test func memberwiseNormalizes() {
        #expect(SpanTypeName(type: "", subtype: "", action: "") == SpanTypeName(type: "custom"))
        #expect(SpanTypeName(type: "db", subtype: "redis", action: "query").description == "db.redis.query")
        #expect(SpanTypeName(type: "db", action: "query").description == "db..query")
        #expect(SpanTypeName(type: "db", subtype: "redis").description == "db.redis")
    }
}

@Suite("Span type registry (span_types.json)", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct SpanTypeRegistryTests {
    @Test func loadsAndChecksKnownPairs() throws {
        let registry = try SpanTypeRegistry(json: SharedSpecs.json("span_types.json"))
        #expect(registry.types.count == 10)
        #expect(registry.types.keys.allSatisfy { !$0.hasPrefix("__") })
        #expect(registry.isAllowed(type: "db", subtype: "mysql"))
        #expect(!registry.isAllowed(type: "db", subtype: "nonsense"))
        #expect(!registry.isAllowed(type: "db", subtype: nil))
        #expect(registry.isAllowed(type: "app", subtype: nil))
        #expect(registry.isAllowed(type: "app", subtype: "internal"))
        #expect(registry.isAllowed(type: "custom", subtype: nil))
        #expect(registry.isAllowed(type: "template", subtype: "anything-goes"))
        #expect(registry.isAllowed(type: "external", subtype: "http"))
        #expect(registry.isAllowed(type: "external", subtype: "grpc"))
        #expect(!registry.isAllowed(type: "nonsense", subtype: nil))
        #expect(!registry.isAllowed(type: "db", subtype: "__description"))
        #expect(registry.isAllowed(SpanTypeName(dotted: "db.postgresql.query")))
        #expect(registry.isAllowed(SpanTypeName(dotted: "")))
        #expect(registry.isAllowed(SpanTypeName(dotted: "messaging.kafka.send")))
        #expect(!registry.isAllowed(SpanTypeName(dotted: "messaging")))
    }
}
