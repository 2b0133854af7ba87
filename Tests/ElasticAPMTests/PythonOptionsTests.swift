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

import CoreMetrics
import Foundation
import Instrumentation
import Logging
import Testing
import Tracing

@testable import APMTransport
@testable import ElasticAPM

/// The Python agent's options that apply to Swift (issue 15, findings 6, 7 and 9): each read from
/// the environment and from `Configuration.options`, with the spec's semantics.
@Suite("Python agent options")
struct PythonOptionsTests {
    private struct Declined: Error {}

    private static func settings(
        environment: [String: String] = [:], options: [String: String] = [:], warnings: inout [String]
    ) -> AgentSettings {
        var configuration = APMAgent.Configuration(serviceName: "options")
        configuration.options = options
        let resolver = ConfigurationResolver(code: configuration, environment: environment)
        warnings += resolver.unknownNameWarnings()
        return resolver.resolve(warn: { warnings.append($0) }).settings
    }

    private static func metadataBody(_ settings: AgentSettings) throws -> [String: Any] {
        let line = MetadataCollector().collect(settings: settings, ephemeralID: "e").encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        return try #require(object["metadata"] as? [String: Any])
    }

    @Test("include_process_args defaults to false: argv is neither sent nor written to the queue")
    func processArgs() throws {
        var warnings: [String] = []
        let defaults = Self.settings(warnings: &warnings)
        #expect(!defaults.includeProcessArgs)
        #expect(try Self.metadataBody(defaults)[path: "process.argv"] == nil)
        #expect(try Self.metadataBody(defaults)[path: "process.title"] != nil)
        let included = Self.settings(environment: ["ELASTIC_APM_INCLUDE_PROCESS_ARGS": "true"], warnings: &warnings)
        #expect(try Self.metadataBody(included)[path: "process.argv"] as? [String] == CommandLine.arguments)
        // What the agent stores: the metadata line of its run.
        let test = TestAgent()
        test.agent.withTransaction("stored") { _ in }
        _ = test.events()
        let stored = try #require(test.store.metadataLines.first)
        #expect(!String(decoding: stored, as: UTF8.self).contains("\"argv\""))
        #expect(warnings.isEmpty)
    }

    @Test("an unknown ELASTIC_APM_* variable or options key is warned about, naming the closest option")
    func unknownNames() {
        var warnings: [String] = []
        _ = Self.settings(
            environment: ["ELASTIC_APM_DISABLE_SENDING": "true", "ELASTIC_APM_SERVICE_NAME": "x", "OTHER": "y"],
            options: ["transaction_ignore_pattern": "^GET"], warnings: &warnings)
        #expect(
            warnings == [
                "Unknown configuration variable ELASTIC_APM_DISABLE_SENDING is ignored; did you mean ELASTIC_APM_DISABLE_SEND?",
                "Unknown option 'transaction_ignore_pattern' in code configuration is ignored; did you mean 'transactions_ignore_patterns'?",
            ])
    }

    @Test("the agent logs the unknown-name warning once, at start")
    func unknownNameLoggedAtStart() throws {
        let records = LogRecords()
        let store = InMemoryQueueWriter()
        let agent = APMAgent(
            configuration: APMAgent.Configuration(serviceName: "options"),
            environment: ["ELASTIC_APM_DISABLE_SENDD": "true"], ndjsonMirrorPath: nil,
            logHandler: records.handler()
        ) { _, _ in store }
        agent.withTransaction("started") { _ in }
        #expect(agent.waitUntilQueued())
        let warnings = records.all.filter { $0.message.contains("ELASTIC_APM_DISABLE_SENDD") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("did you mean ELASTIC_APM_DISABLE_SEND?") == true)
        let banner = try #require(records.all.first { $0.message.hasPrefix("Elastic APM agent for Swift") })
        #expect(banner.message.contains("debug build") || banner.message.contains("release build"))
        agent.closeBlocking(timeout: .zero)
    }

    @Test("disable_send: events are captured and queued, but no sender or config thread runs")
    func disableSend() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-disable-send-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = [
            "ELASTIC_APM_QUEUE_PATH": directory.appending(path: "queue.sqlite").path,
            "ELASTIC_APM_SERVER_URL": "http://127.0.0.1:9", "ELASTIC_APM_LOG_LEVEL": "off",
        ]
        let sending = APMAgent(configuration: APMAgent.Configuration(serviceName: "options"), environment: environment)
        #expect(sending.core?.sender != nil && sending.poller != nil)
        sending.closeBlocking(timeout: .zero)
        var disabled = environment
        disabled["ELASTIC_APM_DISABLE_SEND"] = "true"
        let agent = APMAgent(configuration: APMAgent.Configuration(serviceName: "options"), environment: disabled)
        #expect(agent.core?.sender == nil && agent.poller == nil)
        agent.withTransaction("kept") { _ in }
        #expect(agent.waitUntilQueued())
        #expect(agent.statistics.stored == 1)
        agent.closeBlocking(timeout: .zero)
    }

    @Test("transactions_ignore_patterns: regular expressions searched in the final name")
    func transactionsIgnorePatterns() {
        let test = TestAgent { $0.options = ["transactions_ignore_patterns": "^OPTIONS ,/health$"] }
        test.agent.withTransaction("OPTIONS /users") { _ in }
        test.agent.withTransaction("GET /health") { _ in }
        test.agent.withTransaction("") { $0.setName("OPTIONS /late") }
        test.agent.withTransaction("GET /users/:id") { _ in }
        test.agent.withTransaction("GET /OPTIONS ") { _ in }
        #expect(test.events().transactions.map { $0["name"] as? String } == ["GET /users/:id", "GET /OPTIONS "])
        var warnings: [String] = []
        _ = Self.settings(options: ["transactions_ignore_patterns": "(unclosed"], warnings: &warnings)
        #expect(warnings.count == 1 && warnings[0].contains("not a valid regular expression"))
    }

    @Test("filter_exception_types: errors of a listed type are not captured")
    func filterExceptionTypes() {
        let test = TestAgent(environment: ["ELASTIC_APM_FILTER_EXCEPTION_TYPES": "Declined, ElasticAPMTests.Other"])
        #expect(test.agent.captureError(Declined()) == nil)
        #expect(test.agent.captureError(CancellationError()) != nil)
        // Errors a framework records through the tracer, and errors logged with APMLogHandler, alike.
        let span = test.agent.tracer.startSpan("GET /", context: .topLevel, ofKind: .server)
        span.recordError(Declined(), attributes: [:], at: DefaultTracerClock.now)
        span.end()
        let logger = Logger(label: "options") { APMLogHandler(label: $0, agent: test.agent) }
        logger.error("declined", error: Declined())
        #expect(test.events().errors.count == 1)
        #expect(ExceptionDescription.isFiltered(type: "Other", module: "ElasticAPMTests", by: ["ElasticAPMTests.Other"]))
        #expect(ExceptionDescription.isFiltered(type: "Outer.Inner", module: "M", by: ["Inner"]))
        #expect(!ExceptionDescription.isFiltered(type: "Other", module: "M", by: ["ElasticAPMTests.Other"]))
    }

    @Test("use_elastic_traceparent_header: the legacy header is sent too, unless turned off")
    func legacyHeader() {
        for enabled in [true, false] {
            let test = TestAgent { $0.options = ["use_elastic_traceparent_header": "\(enabled)"] }
            let tracer = test.agent.tracer
            let root = tracer.startSpan("job", context: .topLevel, ofKind: .consumer)
            var headers: [String: String] = [:]
            tracer.inject(root.context, into: &headers, using: HeaderInjector())
            root.end()
            #expect(headers["traceparent"] != nil)
            #expect(headers["elastic-apm-traceparent"] == (enabled ? headers["traceparent"] : nil))
        }
    }

    @Test("custom_metrics_histogram_boundaries sets the buckets of recorders and timers")
    func histogramBoundaries() throws {
        let test = TestAgent { $0.options = ["custom_metrics_histogram_boundaries": "1, 10, 100"] }
        let recorder = Recorder(label: "latency", factory: test.agent.metrics.factory)
        recorder.record(5)
        recorder.record(50)
        recorder.record(500)
        var metricsets: [MetricsetEvent] = []
        test.agent.metrics.factory.collect(at: .now(), into: &metricsets)
        let sample = metricsets.lazy.flatMap(\.samples).first { $0.name == "latency" }
        #expect(sample == MetricSample("latency", histogram: [5.5, 55, 100], counts: [1, 1, 1]))
        var warnings: [String] = []
        _ = Self.settings(environment: ["ELASTIC_APM_CUSTOM_METRICS_HISTOGRAM_BOUNDARIES": "10,1"], warnings: &warnings)
        #expect(warnings.count == 1)
    }

    @Test("span_frames_min_duration is read as a deprecated alias: -1 always, 0 never")
    func spanFramesMinDuration() {
        let cases: [(String, Duration)] = [
            ("-1", .zero), ("0", .milliseconds(-1)), ("20", .milliseconds(20)), ("1s", .seconds(1)),
        ]
        for (raw, expected) in cases {
            var warnings: [String] = []
            let settings = Self.settings(environment: ["ELASTIC_APM_SPAN_FRAMES_MIN_DURATION": raw], warnings: &warnings)
            #expect(settings.spanStackTraceMinDuration == expected, "\(raw)")
            #expect(warnings.count == 1 && warnings[0].contains("deprecated"))
        }
        var warnings: [String] = []
        let both = Self.settings(
            environment: ["ELASTIC_APM_SPAN_FRAMES_MIN_DURATION": "-1", "ELASTIC_APM_SPAN_STACK_TRACE_MIN_DURATION": "7ms"],
            warnings: &warnings)
        #expect(both.spanStackTraceMinDuration == .milliseconds(7))
    }

    @Test("server_cert pins the certificate: an unreadable file is refused like a bad CA file")
    func serverCert() throws {
        var warnings: [String] = []
        let settings = Self.settings(options: ["server_cert": "/nonexistent/server.pem"], warnings: &warnings)
        #expect(settings.serverCert == "/nonexistent/server.pem")
        let configuration = IntakeSenderFactory.clientConfiguration(settings: settings, environment: [:])
        #expect(configuration.serverCert == "/nonexistent/server.pem")
        #expect(throws: IntakeClientError.self) { try IntakeClient(configuration: configuration) }
    }

    @Test("options set in code by name count as code: the environment still wins")
    func optionsPrecedence() {
        var warnings: [String] = []
        var settings = Self.settings(options: ["transaction_sample_rate": "0.25"], warnings: &warnings)
        #expect(settings.transactionSampleRate == 0.25)
        settings = Self.settings(
            environment: ["ELASTIC_APM_TRANSACTION_SAMPLE_RATE": "0.5"], options: ["transaction_sample_rate": "0.25"],
            warnings: &warnings)
        #expect(settings.transactionSampleRate == 0.5)
        #expect(warnings.isEmpty)
    }

    @Test("service.agent.activation_method is left out for APM Server 8.7.0 only")
    func activationMethod() throws {
        let line = Array(
            #"{"metadata":{"service":{"agent":{"name":"swift","ephemeral_id":"e","activation_method":"unknown"},"name":"s"}}}"#
                .utf8)
        let stripped = ServerInfo(version: ServerVersion("8.7.0")).metadataLine(line)
        #expect(
            String(decoding: stripped, as: UTF8.self)
                == #"{"metadata":{"service":{"agent":{"name":"swift","ephemeral_id":"e"},"name":"s"}}}"#)
        #expect(ServerInfo(version: ServerVersion("8.7.1")).metadataLine(line) == line)
        #expect(ServerInfo.unknown.metadataLine(line) == line)
        let encoded = MetadataCollector().collect(settings: AgentSettings(), ephemeralID: "e").encoded()
        let strippedEncoded = ServerInfo(version: ServerVersion("8.7.0")).metadataLine(encoded)
        #expect(String(decoding: encoded, as: UTF8.self).contains("activation_method"))
        #expect(!String(decoding: strippedEncoded, as: UTF8.self).contains("activation_method"))
        #expect((try? JSONSerialization.jsonObject(with: Data(strippedEncoded))) != nil)
    }
}

/// Writes injected headers into a dictionary.
private struct HeaderInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}
