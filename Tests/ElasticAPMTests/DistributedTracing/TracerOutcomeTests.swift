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

@Suite("APMTracer: outcome from status and status codes")
struct TracerOutcomeTests {
    /// The outcomes of a server transaction and a client span that got `status` (nil: none).
    func outcomes(status: Int?, spanStatus: SpanStatus? = nil) -> (server: String?, client: String?) {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let server = tracer.start("GET /", kind: .server)
        let client = tracer.start("GET", kind: .client, context: server.context)
        for span in [server, client] {
            span.attributes["http.request.method"] = "GET"
            if let status { span.attributes["http.response.status_code"] = status }
            if let spanStatus { span.setStatus(spanStatus) }
        }
        client.end()
        server.end()
        let events = test.events()
        return (events.transactions.first?["outcome"] as? String, events.spans.first?["outcome"] as? String)
    }

    @Test("the HTTP table of outcome.feature", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
    func httpTable() throws {
        let feature = GherkinFeature(try SharedSpecs.text("gherkin-specs/outcome.feature"))
        let rows = try #require(feature.scenario("HTTP transaction and span outcome")).examples
        #expect(rows.count == 7)
        for row in rows {
            let status = try #require(row["status"].flatMap { Int($0) })
            // No status available: the libraries then report the error through the span status.
            let (server, client) =
                status < 0 ? outcomes(status: nil, spanStatus: SpanStatus(code: .error)) : outcomes(status: status)
            #expect(server == row["server"], "server \(status)")
            #expect(client == row["client"], "client \(status)")
        }
    }

    @Test("an explicit status wins over the status code; without either the outcome is unknown")
    func statusWins() {
        #expect(outcomes(status: 500, spanStatus: SpanStatus(code: .ok)) == ("success", "success"))
        #expect(outcomes(status: 200, spanStatus: SpanStatus(code: .error)) == ("failure", "failure"))
        #expect(outcomes(status: nil) == ("unknown", "unknown"))
    }

    @Test("ok cannot be turned into error afterwards")
    func okIsFinal() throws {
        let test = TestAgent()
        let span = test.agent.tracer.start("job", kind: .consumer)
        span.setStatus(SpanStatus(code: .ok))
        span.setStatus(SpanStatus(code: .error, message: "late"))
        span.end()
        #expect(try #require(test.events().transactions.first)["outcome"] as? String == "success")
    }

    @Test("gRPC status codes follow the gRPC server and client rules")
    func grpc() {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let server = tracer.start("/shop.Cart/Get", kind: .server)
        server.set(["rpc.system": "grpc", "rpc.grpc.status_code": 5])
        let client = tracer.start("/stock.Items/Get", kind: .client, context: server.context)
        client.set(["rpc.system": "grpc", "rpc.grpc.status_code": 5])
        client.end()
        server.end()
        let events = test.events()
        #expect(events.transactions.first?["outcome"] as? String == "success")
        #expect(events.transactions.first?["type"] as? String == "request")
        #expect(events.spans.first?["outcome"] as? String == "failure")
    }
}
