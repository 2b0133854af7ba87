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

@Suite("APMTracer: inject and extract")
struct TracerPropagationTests {
    static let incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test("extract then inject continues the trace, with the span as parent and the es= sample rate")
    func roundTrip() throws {
        let test = TestAgent { $0.transactionSampleRate = 0.5 }
        let tracer = test.agent.tracer
        let server = tracer.start(
            "GET /", kind: .server,
            context: tracer.extracted(["traceparent": Self.incoming, "tracestate": "es=s:0.25,other=x"]))
        let client = tracer.start("GET", kind: .client, context: server.context)
        var headers: [String: String] = [:]
        tracer.inject(client.context, into: &headers, using: DictionaryInjector())
        client.end()
        server.end()
        let events = test.events()
        let span = try #require(events.spans.first)
        let transaction = try #require(events.transactions.first)
        #expect(transaction["parent_id"] as? String == "b7ad6b7169203331")
        #expect(transaction["sample_rate"] as? Double == 0.25)
        #expect(headers["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-\(span["id"] as? String ?? "")-01")
        #expect(headers["tracestate"] == "es=s:0.25,other=x")
        // A second service extracting these headers continues the same trace under the client span.
        let downstream = TestAgent()
        let next = downstream.agent.tracer.start("handle", kind: .server, context: downstream.agent.tracer.extracted(headers))
        next.end()
        let continued = try #require(downstream.events().transactions.first)
        #expect(continued["trace_id"] as? String == "0af7651916cd43dd8448eb211c80319c")
        #expect(continued["parent_id"] as? String == span["id"] as? String)
    }

    @Test("a new trace carries tracestate es=s:<rate>")
    func newTrace() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let root = tracer.start("job", kind: .consumer)
        var headers: [String: String] = [:]
        tracer.inject(root.context, into: &headers, using: DictionaryInjector())
        root.end()
        let transaction = try #require(test.events().transactions.first)
        #expect(
            headers["traceparent"] == "00-\(transaction["trace_id"] as? String ?? "")-\(transaction["id"] as? String ?? "")-01")
        #expect(headers["tracestate"] == "es=s:1")
    }

    @Test(
        "malformed headers are ignored and a new trace starts",
        arguments: [
            "", "garbage", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        ])
    func malformed(header: String) throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let context = tracer.extracted(["traceparent": header, "tracestate": "es=s:0"])
        #expect(context.isEmpty)
        tracer.start("GET /", kind: .server, context: context).end()
        let transaction = try #require(test.events().transactions.first)
        #expect(transaction["parent_id"] == nil)
        #expect(transaction["trace_id"] as? String != "0af7651916cd43dd8448eb211c80319c")
        #expect(transaction["sampled"] as? Bool == true)
    }

    @Test("the legacy elastic-apm-traceparent header is read when traceparent is absent")
    func legacyHeader() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        tracer.start("GET /", kind: .server, context: tracer.extracted(["elastic-apm-traceparent": Self.incoming])).end()
        #expect(try #require(test.events().transactions.first)["parent_id"] as? String == "b7ad6b7169203331")
    }

    @Test("an unsampled incoming trace stays unsampled")
    func unsampledParent() throws {
        let test = TestAgent()
        let tracer = test.agent.tracer
        let span = tracer.start(
            "GET /", kind: .server,
            context: tracer.extracted(["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"]))
        #expect(!span.isRecording)
        span.end()
        #expect(try #require(test.events().transactions.first)["sampled"] as? Bool == false)
    }
}
