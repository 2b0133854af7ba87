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
import APMTestSupport
import Testing

@Suite("Outcome gherkin tables", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct OutcomeFeatureTests {
    static func feature() throws -> GherkinFeature {
        GherkinFeature(try SharedSpecs.text("gherkin-specs/outcome.feature"))
    }

    @Test("HTTP status table of outcome.feature")
    func httpTable() throws {
        let rows = try #require(try Self.feature().scenario("HTTP transaction and span outcome")).examples
        #expect(rows.count == 7)
        for (index, row) in rows.enumerated() {
            let status = try #require(row["status"].flatMap { Int($0) }, "row \(index): status")
            // A negative status stands for "no status available".
            let code: Int? = status < 0 ? nil : status
            #expect(APMOutcome.httpClient(statusCode: code).rawValue == row["client"], "row \(index): client \(status)")
            #expect(APMOutcome.httpServer(statusCode: code).rawValue == row["server"], "row \(index): server \(status)")
            #expect(APMOutcome.httpClient(statusCode: status).rawValue == row["client"], "row \(index): client raw \(status)")
            #expect(APMOutcome.httpServer(statusCode: status).rawValue == row["server"], "row \(index): server raw \(status)")
        }
    }

    @Test("gRPC status table of outcome.feature")
    func grpcTable() throws {
        let rows = try #require(try Self.feature().scenario("gRPC transaction and span outcome")).examples
        #expect(rows.count == 18)
        for (index, row) in rows.enumerated() {
            let name = try #require(row["status"], "row \(index)")
            // 'n/a' stands for "no status available".
            let status: String? = name == "n/a" ? nil : name
            #expect(APMOutcome.grpcClient(status: status).rawValue == row["client"], "row \(index): client \(name)")
            #expect(APMOutcome.grpcServer(status: status).rawValue == row["server"], "row \(index): server \(name)")
            #expect(APMOutcome.grpcServer(status: name).rawValue == row["server"], "row \(index): server raw \(name)")
            if let status {
                let code = try #require(
                    APMOutcome.grpcStatusNames.firstIndex(of: status), "row \(index): \(status) is a gRPC status")
                #expect(APMOutcome.grpcClient(code: code).rawValue == row["client"], "row \(index): client code \(code)")
                #expect(APMOutcome.grpcServer(code: code).rawValue == row["server"], "row \(index): server code \(code)")
                #expect(APMOutcome.grpcServer(status: status.lowercased()).rawValue == row["server"], "row \(index): lower-case")
            }
        }
    }
}

struct OutcomeTests {
    @Test func httpEdges() {
        #expect(APMOutcome.httpServer(statusCode: 499) == .success)
        #expect(APMOutcome.httpServer(statusCode: 599) == .failure)
        #expect(APMOutcome.httpServer(statusCode: nil) == .failure)
        #expect(APMOutcome.httpServer(statusCode: 0) == .failure)
        #expect(APMOutcome.httpClient(statusCode: 399) == .success)
        #expect(APMOutcome.httpClient(statusCode: 99) == .failure)
        #expect(APMOutcome.httpClient(statusCode: Int.min) == .failure)
    }

    @Test func grpcEdges() {
        #expect(APMOutcome.grpcServer(code: 17) == .failure)
        #expect(APMOutcome.grpcServer(code: -1) == .failure)
        #expect(APMOutcome.grpcClient(code: nil) == .failure)
        #expect(APMOutcome.grpcServer(status: "NOT_A_STATUS") == .failure)
        #expect(APMOutcome.grpcServer(status: "") == .failure)
        #expect(APMOutcome.grpcStatusNames.count == 17)
    }

    @Test func codableAsLowerCaseString() throws {
        let data = try JSONEncoder().encode([APMOutcome.success, .failure, .unknown])
        #expect(String(decoding: data, as: UTF8.self) == #"["success","failure","unknown"]"#)
        #expect(try JSONDecoder().decode(APMOutcome.self, from: Data(#""failure""#.utf8)) == .failure)
    }
}
