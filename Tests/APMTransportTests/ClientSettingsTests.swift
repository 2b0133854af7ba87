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
import Testing

@Suite("Client settings")
struct ClientSettingsTests {
    @Test(
        "User-Agent follows the spec, escaping ( ) and \\",
        arguments: [
            ("myService", "v42", "apm-agent-swift/1.2.3 (myService v42)"),
            ("myService", #"123(:\;)456"#, "apm-agent-swift/1.2.3 (myService 123_:_;_456)"),
            ("myService", nil, "apm-agent-swift/1.2.3 (myService)"),
            ("myService/()<>@", nil, "apm-agent-swift/1.2.3 (myService/__<>@)"),
            ("a\nb", "", "apm-agent-swift/1.2.3 (a_b)"),
        ])
    func userAgent(name: String, version: String?, expected: String) throws {
        let header = UserAgent.header(agentVersion: "1.2.3", serviceName: name, serviceVersion: version)
        #expect(header == expected)
        #expect(header.wholeMatch(of: /apm-agent-[a-z]+\/[^ ]* \(.*\)/) != nil)
    }

    @Test("an API key wins over the secret token")
    func authorization() {
        var configuration = IntakeClientConfiguration(serviceName: "s", agentVersion: "1", environment: [:])
        #expect(configuration.authorizationHeader == nil)
        configuration.secretToken = "secr3tT0ken"
        #expect(configuration.authorizationHeader == "Bearer secr3tT0ken")
        configuration.apiKey = "MjlXNEJasdfDt"
        #expect(configuration.authorizationHeader == "ApiKey MjlXNEJasdfDt")
    }

    @Test("descriptions, mirrors and redaction never show secrets")
    func secretsHidden() {
        let configuration = IntakeClientConfiguration(
            secretToken: "TOKEN-abc", apiKey: "KEY-xyz", serviceName: "s", agentVersion: "1", environment: [:]
        )
        for text in [
            configuration.description, configuration.debugDescription, String(reflecting: configuration),
            {
                var out = ""; dump(configuration, to: &out); return out
            }(),
        ] {
            #expect(!text.contains("TOKEN-abc"))
            #expect(!text.contains("KEY-xyz"))
        }
        #expect(
            configuration.redacted("echo Bearer TOKEN-abc and ApiKey KEY-xyz") == "echo Bearer [REDACTED] and ApiKey [REDACTED]")
    }

    @Test("proxies come from the environment by scheme, NO_PROXY excludes hosts")
    func proxies() throws {
        let https = try #require(URL(string: "https://apm.example.com:8200"))
        let http = try #require(URL(string: "http://apm.example.com"))
        let environment = ["HTTPS_PROXY": "http://user:p%40ss@proxy.local:3128", "http_proxy": "proxy2.local"]
        #expect(
            try ProxySettings.resolve(for: https, environment: environment)
                == ProxySettings(host: "proxy.local", port: 3128, username: "user", password: "p@ss"))
        #expect(try ProxySettings.resolve(for: http, environment: environment) == ProxySettings(host: "proxy2.local", port: 80))
        #expect(try ProxySettings.resolve(for: https, environment: [:]) == nil)
        for exclusion in ["*", "apm.example.com", ".example.com", "example.com", "*.example.com", "other, example.com:8200"] {
            #expect(
                try ProxySettings.resolve(for: https, environment: environment.merging(["NO_PROXY": exclusion]) { $1 }) == nil)
        }
        for kept in ["ample.com", "example.com:9999", "apm.example.org"] {
            #expect(try ProxySettings.resolve(for: https, environment: environment.merging(["no_proxy": kept]) { $1 }) != nil)
        }
        #expect(ProxySettings.excludes("127.0.0.1,::1", host: "[::1]", port: 80))
        let proxy = try #require(try ProxySettings.resolve(for: https, environment: environment))
        #expect(proxy.description == "proxy.local:3128 (with credentials)")
        var dumped = ""
        dump(proxy, to: &dumped)
        #expect(!dumped.contains("p@ss"))
    }

    @Test("unsupported proxies fail without showing credentials")
    func unsupportedProxy() throws {
        let url = try #require(URL(string: "https://apm.example.com"))
        #expect(throws: IntakeClientError.unsupportedProxy("socks5://proxy:1080")) {
            try ProxySettings.resolve(for: url, environment: ["HTTPS_PROXY": "socks5://u:secret@proxy:1080"])
        }
    }

    @Test("the client builds URLs from the base and keeps a path prefix")
    func clientURLs() throws {
        let remote = try IntakeClient(
            configuration: IntakeClientConfiguration(
                serverURL: "https://apm.example.com:8200/prefix/", serviceName: "s", agentVersion: "1", environment: [:]
            ))
        defer { remote.shutdown() }
        #expect(remote.eventsURL == "https://apm.example.com:8200/prefix/intake/v2/events")
        #expect(remote.serverInfoURL == "https://apm.example.com:8200/prefix/")
    }

    @Test("the agent's own HTTP client is never traced, so intake requests cannot report spans about themselves")
    func clientNotTraced() throws {
        // Without an explicit `nil`, AsyncHTTPClient takes `InstrumentationSystem.tracer` (a no-op tracer when
        // nothing is bootstrapped, the agent's tracer after `instrument()`).
        let client = try IntakeClient(
            configuration: IntakeClientConfiguration(
                serverURL: "http://127.0.0.1:9", serviceName: "s", agentVersion: "1", environment: [:]))
        defer { client.shutdown() }
        #expect(!client.tracesRequests)
    }

    @Test("unusable settings are reported at creation")
    func invalidSettings() {
        #expect(throws: IntakeClientError.invalidServerURL("ftp://x")) {
            try IntakeClient(
                configuration: IntakeClientConfiguration(
                    serverURL: "ftp://x", serviceName: "s", agentVersion: "1", environment: [:]))
        }
        #expect {
            try IntakeClient(
                configuration: IntakeClientConfiguration(
                    serviceName: "s", agentVersion: "1", serverCACertFile: "/nonexistent/ca.pem", environment: [:]
                ))
        } throws: { error in
            guard case .unreadableCACertificate(let path, _) = error as? IntakeClientError else { return false }
            return path == "/nonexistent/ca.pem"
        }
    }
}
