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

import Testing
@testable import ElasticAPM

@Suite("Configuration")
struct ConfigurationTests {
    private func resolve(
        _ code: APMAgent.Configuration = APMAgent.Configuration(), _ environment: [String: String] = [:],
        remote: [String: String] = [:]
    ) -> (ConfigurationResolver.Resolution, [String]) {
        var warnings: [String] = []
        let resolution = ConfigurationResolver(code: code, environment: environment)
            .resolve(remote: remote, warn: { warnings.append($0) })
        return (resolution, warnings)
    }

    @Test("zero configuration: local server, a derived service name, spec defaults")
    func defaults() {
        let (resolution, warnings) = resolve()
        let settings = resolution.settings
        #expect(warnings.isEmpty)
        #expect(settings.serverURL == "http://127.0.0.1:8200")
        #expect(!settings.serviceName.isEmpty)
        #expect(
            settings.serviceName.unicodeScalars.allSatisfy {
                "a"..."z" ~= $0 || "A"..."Z" ~= $0 || "0"..."9" ~= $0 || $0 == " " || $0 == "_" || $0 == "-"
            })
        #expect(settings.transactionSampleRate == 1)
        #expect(settings.transactionMaxSpans == 500)
        #expect(settings.exitSpanMinDuration == .zero)
        #expect(settings.spanCompressionExactMatchMaxDuration == .milliseconds(50))
        #expect(settings.spanCompressionSameKindMaxDuration == .zero)
        #expect(settings.spanStackTraceMinDuration == .milliseconds(5))
        #expect(settings.apiRequestSize == 768 * 1024)
        #expect(settings.queueMaxBytes == 256 << 20)
        #expect(resolution.sources["server_url"] == .default)
    }

    @Test("precedence: remote > environment > code > default")
    func precedence() {
        var code = APMAgent.Configuration()
        code.transactionSampleRate = 0.5
        code.serviceName = "from-code"
        let (codeOnly, _) = resolve(code)
        #expect(codeOnly.settings.transactionSampleRate == 0.5)
        #expect(codeOnly.sources["transaction_sample_rate"] == .code)
        let (withEnv, _) = resolve(code, ["ELASTIC_APM_TRANSACTION_SAMPLE_RATE": "0.25"])
        #expect(withEnv.settings.transactionSampleRate == 0.25)
        #expect(withEnv.settings.serviceName == "from-code")
        let (withRemote, _) = resolve(
            code, ["ELASTIC_APM_TRANSACTION_SAMPLE_RATE": "0.25"], remote: ["transaction_sample_rate": "0.1"])
        #expect(withRemote.settings.transactionSampleRate == 0.1)
        #expect(withRemote.sources["transaction_sample_rate"] == .central)
    }

    @Test("an invalid value warns and falls back to the next source")
    func invalidFallsBack() {
        var code = APMAgent.Configuration()
        code.transactionMaxSpans = 100
        let (resolution, warnings) = resolve(
            code,
            [
                "ELASTIC_APM_TRANSACTION_MAX_SPANS": "many", "ELASTIC_APM_SECRET_TOKEN": "s3cr3t",
                "ELASTIC_APM_SERVER_URL": "ftp://nope",
            ])
        #expect(resolution.settings.transactionMaxSpans == 100)
        #expect(resolution.settings.serverURL == "http://127.0.0.1:8200")
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("ELASTIC_APM_TRANSACTION_MAX_SPANS") })
        #expect(!warnings.joined().contains("s3cr3t"))
        var badCode = APMAgent.Configuration()
        badCode.transactionSampleRate = 2
        let (fromBadCode, codeWarnings) = resolve(badCode)
        #expect(fromBadCode.settings.transactionSampleRate == 1)
        #expect(codeWarnings.count == 1)
    }

    @Test("remote: unknown and non-dynamic keys are reported; invalid values don't block others")
    func remoteKeys() {
        let (resolution, _) = resolve(remote: [
            "transaction_max_spans": "x", "capture_body": "all", "server_url": "http://x", "bogus": "1",
        ])
        #expect(resolution.settings.captureBody == .all)
        #expect(resolution.settings.transactionMaxSpans == 500)
        #expect(resolution.unsupportedRemoteKeys == ["bogus", "server_url"])
        #expect(resolution.invalidRemoteKeys.map(\.key) == ["transaction_max_spans"])
    }

    @Test("service names are sanitised to the intake pattern")
    func serviceName() {
        var code = APMAgent.Configuration()
        code.serviceName = "my.service/v2 ü"
        #expect(resolve(code).0.settings.serviceName == "my_service_v2 _")
    }

    @Test("environment values: sizes, durations, lists, mappings, booleans")
    func parsing() {
        let (resolution, warnings) = resolve(
            APMAgent.Configuration(),
            [
                "ELASTIC_APM_API_REQUEST_SIZE": "1mb", "ELASTIC_APM_API_REQUEST_TIME": "500ms",
                "ELASTIC_APM_GLOBAL_LABELS": "a=1, b = two", "ELASTIC_APM_CAPTURE_HEADERS": "false",
                "ELASTIC_APM_SANITIZE_FIELD_NAMES": "foo*, *bar", "ELASTIC_APM_EXIT_SPAN_MIN_DURATION": "250us",
            ])
        #expect(warnings.isEmpty)
        #expect(resolution.settings.apiRequestSize == 1 << 20)
        #expect(resolution.settings.apiRequestTime == .milliseconds(500))
        #expect(resolution.settings.globalLabels.map { "\($0.0)=\($0.1)" } == ["a=1", "b=two"])
        #expect(resolution.settings.captureHeaders == false)
        #expect(resolution.settings.sanitizeFieldNames.matches("FOOTER"))
        #expect(resolution.settings.exitSpanMinDuration == .microseconds(250))
    }
}
