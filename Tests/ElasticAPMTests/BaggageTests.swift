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

import Instrumentation
import Testing

@testable import ElasticAPM

/// W3C Baggage (issue 15, finding 8): parsed and validated from headers, propagated unchanged,
/// and the members `baggage_to_attach` selects attached as `baggage.<key>` labels.
@Suite("W3C baggage")
struct BaggageTests {
    static let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test(
        "members are parsed and validated; invalid ones are dropped, valid ones kept as sent",
        arguments: [
            ("userId=alice", "userId=alice", ["userId": "alice"]),
            (
                " userId = alice , serverNode=DF%2028 ", "userId=alice,serverNode=DF%2028",
                ["userId": "alice", "serverNode": "DF 28"]
            ),
            ("k=v;prop1;p2=x", "k=v;prop1;p2=x", ["k": "v"]),
            ("bad key=1,good=2", "good=2", ["good": "2"]),
            ("a=\"quoted\",b=ok", "b=ok", ["b": "ok"]),
            ("noequals,=empty,c=%zz,d=%E2%82%AC", "d=%E2%82%AC", ["d": "€"]),
            ("", nil, [:]),
        ] as [(String, String?, [String: String])])
    func parsing(header: String, propagated: String?, values: [String: String]) {
        let baggage = Baggage(headerValues: [header])
        #expect(baggage.headerValue == propagated)
        #expect(Dictionary(uniqueKeysWithValues: baggage.members.map { ($0.key, $0.value) }) == values)
    }

    @Test("several baggage headers are combined; more than 180 members or 8192 bytes are cut at a member")
    func limits() {
        #expect(Baggage(headerValues: ["a=1", "b=2"]).headerValue == "a=1,b=2")
        let many = (0..<200).map { "k\($0)=v" }.joined(separator: ",")
        #expect(Baggage(headerValues: [many]).members.count == 180)
        let big = (0..<10).map { "k\($0)=" + String(repeating: "x", count: 1000) }.joined(separator: ",")
        let cut = Baggage(headerValues: [big])
        #expect(cut.members.count == 8 && (cut.headerValue?.utf8.count ?? 0) <= 8192)
    }

    @Test("incoming baggage is propagated unchanged by the transaction, its spans and the tracer")
    func propagation() throws {
        let test = TestAgent()
        let incoming = try #require(
            APMTraceParent(headers: [("traceparent", Self.traceparent), ("Baggage", "user=alice;p, tier=gold")]))
        #expect(incoming.baggageHeaderValue == "user=alice;p,tier=gold")
        var injected: [String: String] = [:]
        test.agent.withTransaction("checkout", traceParent: incoming) { transaction in
            #expect(transaction.traceParent?.baggageHeaderValue == "user=alice;p,tier=gold")
            test.agent.captureSpan("call", leaf: true) { span in
                #expect(span.traceParent?.baggageHeaderValue == "user=alice;p,tier=gold")
                test.agent.tracer.inject(.topLevel, into: &injected, using: BaggageInjector())
            }
        }
        #expect(injected["baggage"] == "user=alice;p,tier=gold")
        // Extracted by the tracer on the way in.
        let tracer = test.agent.tracer
        var context = ServiceContext.topLevel
        tracer.extract(["traceparent": Self.traceparent, "baggage": "user=bob"], into: &context, using: BaggageExtractor())
        let server = tracer.startSpan("GET /", context: context, ofKind: .server)
        var downstream: [String: String] = [:]
        tracer.inject(server.context, into: &downstream, using: BaggageInjector())
        server.end()
        #expect(downstream["baggage"] == "user=bob")
    }

    @Test("baggage_to_attach (default *) adds matching members as baggage.<key> labels to transactions, spans and errors")
    func attachedAsLabels() throws {
        let incoming = try #require(APMTraceParent(string: Self.traceparent, baggage: "user=alice,tier=gold,secret=x"))
        let test = TestAgent { $0.options = ["baggage_to_attach": "user, tier"] }
        test.agent.withTransaction("checkout", traceParent: incoming) { _ in
            test.agent.captureSpan("query") { _ in }
            test.agent.captureError(CancellationError())
        }
        let events = test.events()
        for event in [events.transactions.first, events.span(named: "query"), events.errors.first] {
            let labels = try #require(event?[path: "context.tags"] as? [String: Any])
            #expect(labels["baggage_user"] as? String == "alice")
            #expect(labels["baggage_tier"] as? String == "gold")
            #expect(labels["baggage_secret"] == nil)
        }
        let everything = TestAgent()
        everything.agent.withTransaction("all", traceParent: incoming) { _ in }
        let transaction = try #require(everything.events().transactions.first)
        #expect(transaction[path: "context.tags.baggage_secret"] as? String == "x")
    }
}

private struct BaggageInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

private struct BaggageExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
