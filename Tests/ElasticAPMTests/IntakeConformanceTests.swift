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

import Foundation
import APMTestSupport
import Testing
@testable import ElasticAPM

/// Runs a workload that touches every field the agent can send and judges the result with
/// `../shared/tools/intake-oracle --validate` (the official intake v2 JSON schemas).
@Suite("Intake schema conformance")
struct IntakeConformanceTests {
    @Test(
        "every event kind and optional part validates against the official intake v2 schemas",
        .enabled(
            if: IntakeOracle.isAvailable,
            "../shared/tools/intake-oracle or python3 with jsonschema not found: schema check skipped"))
    func oracleValidates() throws {
        let test = TestAgent {
            $0.spanStackTraceMinDuration = .zero
            $0.transactionMaxSpans = 12
            $0.captureBody = .all
            $0.globalLabels = ["region": "eu", "with.dot": "x"]
            $0.serviceVersion = "1.2.3"
            $0.environment = "test"
            $0.serviceNodeName = "node-1"
        }
        let agent = test.agent
        let incoming = APMTraceParent(string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", traceState: "es=s:1")
        agent.withTransaction(
            "GET /users/:id", type: "request", traceParent: incoming,
            links: [APMSpanLink(traceID: .random(), spanID: .random())]
        ) { transaction in
            transaction.setRequest(
                APMRequestContext(
                    method: "GET",
                    url: APMURLParts(
                        full: "http://user:pw@example.com:8080/users/1?x=1", scheme: "http",
                        hostname: "example.com", port: 8080, pathname: "/users/1", search: "x=1"),
                    httpVersion: "1.1", headers: [(name: "Accept", value: "*/*"), (name: "Cookie", value: "a=b")],
                    cookies: ["a": "b"], body: "{\"q\":\"\\u0000 ☃\"}", remoteAddress: "10.0.0.1", encrypted: false))
            agent.label(["string": "s", "bool": true, "number": 1.5, "null": .null, "nan": .number(.nan)])
            agent.setCustomContext(["nested": ["a": [1, 2.5, "x", nil, true]], "quote\"key": "v"])
            agent.setUserContext(username: "ü\u{1}", email: "e@example.com", id: "7")
            for _ in 0..<2 {
                agent.captureSpan("SELECT FROM users", type: "db.postgresql.query", leaf: true) { span in
                    span.setContext(
                        APMSpanContext(
                            db: APMDatabaseContext(
                                instance: "users", statement: "SELECT *\nFROM users", type: "sql", user: "app", rowsAffected: 1),
                            destinationAddress: "db.local", destinationPort: 5432))
                }
            }
            agent.captureSpan("GET example.com", type: "external.http", leaf: true) { span in
                span.setContext(APMSpanContext(http: APMHTTPClientContext(url: "https://u:p@example.com/x", method: "GET")))
                span.setOutcome(httpStatusCode: 503)
                _ = span.traceParent
            }
            agent.captureSpan(
                "publish", type: "messaging.kafka.send", leaf: true, links: [APMSpanLink(traceID: .random(), spanID: .random())]
            ) { span in
                span.setContext(
                    APMSpanContext(
                        message: APMMessageContext(queueName: "orders", ageMilliseconds: -5, body: "{}", routingKey: "r")))
            }
            for index in 0..<14 {
                agent.captureSpan("GET cache \(index)", type: "db.redis", leaf: true) { _ in }
            }
            agent.captureError(URLError(.timedOut), context: APMErrorContext(labels: ["attempt": 3]), custom: ["k": "v"])
            agent.captureMessage(paramMessage: "user %s not found", params: ["7"], level: .warning, loggerName: "app")
            transaction.setResponse(
                APMResponseContext(
                    statusCode: 404, headers: ["Set-Cookie": "secret", "Content-Type": "text/plain"], finished: true))
            transaction.setResult("HTTP 4xx")
        }
        agent.captureMessage("outside any transaction")
        _ = agent.withTransaction(
            "unsampled", type: "job",
            traceParent: APMTraceParent(string: "00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")
        ) { _ in 0 }
        let events = test.events()
        #expect(events.spans.contains { $0["composite"] != nil })
        #expect(events.transactions.contains { $0["dropped_spans_stats"] != nil })

        let file = FileManager.default.temporaryDirectory.appending(path: "apm-conformance-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(test.store.ndjson.utf8).write(to: file)
        let result = try IntakeOracle.validate(file)
        #expect(result.exitStatus == 0, "oracle output: \(result.output)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(stats["invalid_events"] as? Int == 0, "\(stats["invalid_examples"] ?? "")")
        let counts = stats["events"] as? [String: Int] ?? [:]
        #expect(counts["transaction"] == 2)
        #expect((counts["span"] ?? 0) >= 5)
        #expect(counts["error"] == 3)
    }
}

/// Locates and runs the intake oracle from `../shared/tools`.
enum IntakeOracle {
    static var executable: URL? {
        let url = SharedSpecs.sharedRoot.appending(path: "tools/intake-oracle")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    static var isAvailable: Bool {
        guard executable != nil else { return false }
        return (try? run(["/usr/bin/env", "python3", "-c", "import jsonschema"]).exitStatus) == 0
    }

    static func validate(_ file: URL) throws -> (exitStatus: Int32, output: String) {
        try run(["/usr/bin/env", "python3", executable!.path, "--validate", file.path])
    }

    private static func run(_ arguments: [String]) throws -> (exitStatus: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(filePath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
