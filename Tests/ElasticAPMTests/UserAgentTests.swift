@testable import ElasticAPM
import Foundation
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
            let template = try #require(scenario.quotedArgument(ofStepStartingWith: "Then the User-Agent header of the request matches regex"), "\(scenario.title)")
            let rows = scenario.isOutline ? scenario.examples : [[:]]
            for row in rows {
                func substitute(_ text: String) -> String {
                    row.reduce(text) { $0.replacingOccurrences(of: "<\($1.key)>", with: $1.value) }
                }
                let settings = scenario.settings.mapValues(substitute)
                let header = UserAgent.userAgent(
                    agentVersion: Self.agentVersion,
                    serviceName: settings["service_name"] ?? Self.fallbackServiceName,
                    serviceVersion: settings["service_version"]
                )
                let regex = try Regex(substitute(template))
                #expect(try regex.prefixMatch(in: header) != nil, "\(scenario.title) \(row): \(header) !~ \(substitute(template))")
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
            let expected = try #require(scenario.quotedArgument(ofStepStartingWith: "Then the Authorization header of the request is"), "\(scenario.title)")
            let settings = scenario.settings
            #expect(!settings.isEmpty, "\(scenario.title): settings table")
            let header = UserAgent.authorizationHeader(secretToken: settings["secret_token"], apiKey: settings["api_key"])
            #expect(header == expected, "\(scenario.title)")
        }
    }
}

struct UserAgentTests {
    @Test func formats() {
        #expect(UserAgent.userAgent(agentVersion: "1.0.0", serviceName: nil, serviceVersion: nil) == "apm-agent-swift/1.0.0")
        #expect(UserAgent.userAgent(agentVersion: "1.0.0", serviceName: "", serviceVersion: "2") == "apm-agent-swift/1.0.0")
        #expect(UserAgent.userAgent(agentVersion: "1.0.0", serviceName: "svc", serviceVersion: nil) == "apm-agent-swift/1.0.0 (svc)")
        #expect(UserAgent.userAgent(agentVersion: "1.0.0", serviceName: "svc", serviceVersion: "") == "apm-agent-swift/1.0.0 (svc)")
        #expect(UserAgent.userAgent(agentVersion: "1.0.0", serviceName: "svc", serviceVersion: "v1") == "apm-agent-swift/1.0.0 (svc v1)")
        #expect(UserAgent.userAgent(agentVersion: "1", serviceName: "a(b)\\c", serviceVersion: "123(:\\;)456") == "apm-agent-swift/1 (a_b__c 123_:_;_456)")
        #expect(UserAgent.userAgent(agentVersion: "1", serviceName: "evil\r\nX-Injected: 1", serviceVersion: "é") == "apm-agent-swift/1 (evil__X-Injected: 1 é)")
    }

    @Test func authorization() {
        #expect(UserAgent.authorizationHeader(secretToken: nil, apiKey: nil) == nil)
        #expect(UserAgent.authorizationHeader(secretToken: "", apiKey: "") == nil)
        #expect(UserAgent.authorizationHeader(secretToken: "t", apiKey: "") == "Bearer t")
        #expect(UserAgent.authorizationHeader(secretToken: "t", apiKey: "k") == "ApiKey k")
        #expect(UserAgent.authorizationHeader(secretToken: nil, apiKey: "k") == "ApiKey k")
    }
}
