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

@Suite("Service resource inference vectors", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct ServiceResourceInferenceVectorTests {
    @Test("every case of service_resource_inference.json")
    func vectors() throws {
        let cases = try #require(try SharedSpecs.json("service_resource_inference.json") as? [[String: Any]])
        #expect(cases.count == 16)
        for (index, test) in cases.enumerated() {
            let label = "case \(index): \(test["failure_message"] as? String ?? "")"
            let span = try #require(test["span"] as? [String: Any], "\(label)")
            let context = span["context"] as? [String: Any] ?? [:]
            let db = context["db"] as? [String: Any]
            let message = context["message"] as? [String: Any]
            let userTarget = (context["service"] as? [String: Any])?["target"] as? [String: String]
            let input = ServiceTargetInference.Input(
                isExit: try #require(span["exit"] as? String, "\(label): exit") == "true",
                type: try #require(span["type"] as? String, "\(label): type"),
                subtype: span["subtype"] as? String,
                hasDatabaseContext: db != nil,
                dbInstance: db?["instance"] as? String,
                hasMessageContext: message != nil,
                messageQueueName: (message?["queue"] as? [String: Any])?["name"] as? String,
                httpURL: (context["http"] as? [String: Any])?["url"] as? String,
                userTarget: userTarget.map { ServiceTargetInference.Target(type: $0["type"], name: $0["name"]) }
            )
            let result = ServiceTargetInference.infer(input)
            #expect(result.resource == test["expected_resource"] as? String, "\(label): resource")
            let expectedTarget = (test["expected_service_target"] as? [String: String]).map {
                ServiceTargetInference.Target(type: $0["type"], name: $0["name"])
            }
            #expect(result.target == expectedTarget, "\(label): service target")
        }
    }
}

struct ServiceTargetInferenceTests {
    typealias Inference = ServiceTargetInference

    @Test func userTargetPartsAreInferredIndependently() {
        let typeOnly = Inference.infer(
            .init(isExit: true, type: "db", subtype: "mysql", dbInstance: "orders", userTarget: .init(type: "mariadb", name: nil))
        )
        #expect(typeOnly.target == .init(type: "mariadb", name: "orders"))
        #expect(typeOnly.resource == "mariadb/orders")
        let nameOnly = Inference.infer(
            .init(isExit: true, type: "db", subtype: "mysql", dbInstance: "orders", userTarget: .init(type: "", name: "replica")))
        #expect(nameOnly.target == .init(type: "mysql", name: "replica"))
    }

    @Test func userTargetBothEmptyDiscards() {
        for target in [Inference.Target(type: nil, name: nil), .init(type: "", name: ""), .init(type: nil, name: "")] {
            let result = Inference.infer(
                .init(isExit: true, type: "db", subtype: "mysql", dbInstance: "orders", userTarget: target))
            #expect(result.resource == nil)
            #expect(result.target == nil)
        }
    }

    @Test func userResource() {
        let set = Inference.infer(.init(isExit: true, type: "db", subtype: "mysql", userResource: "custom-db"))
        #expect(set.resource == "custom-db")
        #expect(set.target == .init(type: "", name: "custom-db"))
        let discarded = Inference.infer(.init(isExit: true, type: "db", subtype: "mysql", userResource: ""))
        #expect(discarded == .init(resource: nil, target: nil))
        let nonExit = Inference.infer(.init(isExit: false, type: "db", userResource: "x"))
        #expect(nonExit == .init(resource: nil, target: nil))
    }

    @Test func externalSpansUseTheNameAsResource() {
        let grpc = Inference.infer(
            .init(isExit: true, type: "external", subtype: "grpc", httpURL: "http://svc.local:50051/pkg.Service/Method"))
        #expect(grpc.resource == "svc.local:50051")
        #expect(grpc.target == .init(type: "grpc", name: "svc.local:50051"))
    }

    @Test(arguments: [
        ("http://example.com", "example.com:80"),
        ("HTTPS://example.com/path?q=1", "example.com:443"),
        ("https://user:pass@example.com:8443/x", "example.com:8443"),
        ("http://[::1]:8080/", "[::1]:8080"),
        ("https://[2001:db8::1]", "[2001:db8::1]:443"),
        ("ws://socket.io", "socket.io:80"),
        ("wss://socket.io?x", "socket.io:443"),
        ("ftp://files.example.com", "files.example.com"),
        ("http://example.com#frag", "example.com:80"),
    ])
    func hostAndPort(url: String, expected: String) {
        #expect(Inference.hostAndPort(ofURL: url) == expected)
    }

    @Test(arguments: [
        "", "example.com", "/relative/path", "http://", "http:///path", "://host", "http://[::1", "http://host:port",
        "http://host:123456", "http://[::1]x",
    ])
    func hostAndPortRejects(url: String) {
        #expect(Inference.hostAndPort(ofURL: url) == nil, "\(url.debugDescription)")
    }

    @Test func garbageNeverCrashes() {
        var generator = SeededGenerator(seed: 8080)
        for _ in 0..<3_000 {
            let url = "http://" + generator.garbage(maxLength: 30)
            _ = Inference.hostAndPort(ofURL: url)
            _ = Inference.hostAndPort(ofURL: generator.garbage(maxLength: 30))
        }
    }
}
