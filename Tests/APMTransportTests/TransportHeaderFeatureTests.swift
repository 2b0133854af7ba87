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

@testable import APMTransport
import Foundation
import APMTestSupport
import Testing

@Suite("User agent and API key features", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct TransportHeaderFeatureTests {
    static let agentVersion = "1.2.3"
    /// The effective service name when none is configured.
    static let fallbackServiceName = "unknown-swift-service"

    @Test("every scenario of user_agent.feature")
    func userAgentFeature() throws {
        let feature = GherkinFeature(try SharedSpecs.text("gherkin-specs/user_agent.feature"))
        #expect(feature.scenarios.count == 4)
        var checked = 0
        for scenario in feature.scenarios {
            let template = try #require(
                scenario.quotedArgument(ofStepStartingWith: "Then the User-Agent header of the request matches regex"),
                "\(scenario.title)")
            let rows = scenario.isOutline ? scenario.examples : [[:]]
            for row in rows {
                func substitute(_ text: String) -> String {
                    row.reduce(text) { $0.replacingOccurrences(of: "<\($1.key)>", with: $1.value) }
                }
                let settings = scenario.settings.mapValues(substitute)
                let header = UserAgent.header(
                    agentVersion: Self.agentVersion,
                    serviceName: settings["service_name"] ?? Self.fallbackServiceName,
                    serviceVersion: settings["service_version"]
                )
                let regex = try Regex(substitute(template))
                #expect(
                    try regex.prefixMatch(in: header) != nil, "\(scenario.title) \(row): \(header) !~ \(substitute(template))")
                checked += 1
            }
        }
        #expect(checked == 5)
    }

    @Test("every scenario of api_key.feature")
    func apiKeyFeature() throws {
        let feature = GherkinFeature(try SharedSpecs.text("gherkin-specs/api_key.feature"))
        #expect(feature.scenarios.count == 3)
        for scenario in feature.scenarios {
            let expected = try #require(
                scenario.quotedArgument(ofStepStartingWith: "Then the Authorization header of the request is"),
                "\(scenario.title)")
            let settings = scenario.settings
            #expect(!settings.isEmpty, "\(scenario.title): settings table")
            let configuration = IntakeClientConfiguration(
                secretToken: settings["secret_token"], apiKey: settings["api_key"], serviceName: "svc", agentVersion: "1")
            let header = configuration.authorizationHeader
            #expect(header == expected, "\(scenario.title)")
        }
    }
}

struct UserAgentTests {
    @Test func formats() {
        #expect(UserAgent.header(agentVersion: "1.0.0", serviceName: "svc", serviceVersion: nil) == "apm-agent-swift/1.0.0 (svc)")
        #expect(UserAgent.header(agentVersion: "1.0.0", serviceName: "svc", serviceVersion: "") == "apm-agent-swift/1.0.0 (svc)")
        #expect(
            UserAgent.header(agentVersion: "1.0.0", serviceName: "svc", serviceVersion: "v1") == "apm-agent-swift/1.0.0 (svc v1)")
        #expect(
            UserAgent.header(agentVersion: "1", serviceName: "a(b)\\c", serviceVersion: "123(:\\;)456")
                == "apm-agent-swift/1 (a_b__c 123_:_;_456)")
        #expect(
            UserAgent.header(agentVersion: "1", serviceName: "evil\r\nX-Injected: 1", serviceVersion: "é")
                == "apm-agent-swift/1 (evil_X-Injected: 1 é)")
    }

    @Test func authorization() {
        func header(_ token: String?, _ key: String?) -> String? {
            IntakeClientConfiguration(secretToken: token, apiKey: key, serviceName: "svc", agentVersion: "1").authorizationHeader
        }
        #expect(header(nil, nil) == nil)
        #expect(header("", "") == nil)
        #expect(header("t", "") == "Bearer t")
        #expect(header("t", "k") == "ApiKey k")
        #expect(header(nil, "k") == "ApiKey k")
    }
}
