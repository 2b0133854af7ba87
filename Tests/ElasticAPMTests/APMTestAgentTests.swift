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

// Not `@testable`: the testing product as a user's test target sees it.
import ElasticAPM
import ElasticAPMTesting
import Foundation
import Testing

@Suite("ElasticAPMTesting")
struct APMTestAgentTests {
    @Test("the test agent returns what was captured as intake lines, in encoding order, metadata first in ndjson")
    func capturesIntoMemory() throws {
        let test = APMTestAgent()
        test.agent.withTransaction("GET /users/:id", type: "request") { transaction in
            test.agent.captureSpan("SELECT users", type: "db.postgresql.query", leaf: true) { _ in }
            transaction.setResult("HTTP 2xx")
        }
        let events = test.events()
        #expect(events.map(\.type) == ["span", "transaction"])
        let span = try #require(Self.object(events[0].line)["span"] as? [String: Any])
        let transaction = try #require(Self.object(events[1].line)["transaction"] as? [String: Any])
        #expect(span["name"] as? String == "SELECT users")
        #expect(span["subtype"] as? String == "postgresql")
        #expect(span["transaction_id"] as? String == transaction["id"] as? String)
        #expect(transaction["result"] as? String == "HTTP 2xx")
        let lines = test.ndjson().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(try Self.object(lines[0])["metadata"] != nil)
        #expect(Array(lines.dropFirst()) == events.map(\.line))
    }

    @Test("configuration and environment apply as for any agent")
    func configurationApplies() throws {
        var configuration = APMAgent.Configuration(serviceName: "configured")
        configuration.transactionSampleRate = 0
        let test = APMTestAgent(configuration: configuration, environment: ["ELASTIC_APM_ENVIRONMENT": "staging"])
        test.agent.withTransaction("unsampled", type: "job") { _ in
            test.agent.captureSpan("not recorded") { _ in }
        }
        let events = test.events()
        #expect(events.map(\.type) == ["transaction"])
        let transaction = try #require(Self.object(events[0].line)["transaction"] as? [String: Any])
        #expect(transaction["sampled"] as? Bool == false)
        let metadata = try Self.object(String(test.ndjson().split(separator: "\n")[0]))
        let service = (metadata["metadata"] as? [String: Any])?["service"] as? [String: Any]
        #expect(service?["name"] as? String == "configured")
        #expect(service?["environment"] as? String == "staging")
    }

    private static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
