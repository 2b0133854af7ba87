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

// Not `@testable`: this file sees exactly what a user sees.
import CoreMetrics
import ElasticAPM
import Foundation
import Instrumentation
import Logging
import Metrics
import ServiceContextModule
import ServiceLifecycle
import Testing
import Tracing

/// ElasticAPM's public names beside the libraries a server application imports with it
/// (swift-distributed-tracing, swift-service-context, swift-log, swift-metrics,
/// swift-service-lifecycle). The file compiles only while every public type of ElasticAPM can be
/// named unqualified next to theirs; ``everyPublicTypeIsNamedHere()`` keeps the list complete.
@Suite("Public names")
struct PublicNamesTests {
    /// Every public type of ElasticAPM (nested ones by their full name), named unqualified.
    static let publicTypes: [Any.Type] = [
        APMAgent.self, APMAgent.Configuration.self, APMAgent.Configuration.CaptureBody.self,
        APMAgent.Configuration.TraceContinuationStrategy.self, APMAgent.Configuration.QueueDurability.self,
        APMAgent.Statistics.self, APMAgent.FlushReport.self, APMAgentService.self,
        APMTracer.self, APMTracerSpan.self, APMLogHandler.self,
        APMTransaction.self, APMSpan.self, APMSpanLink.self, APMOutcome.self,
        APMTraceID.self, APMSpanID.self, APMTraceParent.self,
        APMLabelValue.self, APMCustomValue.self, APMUserContext.self, APMErrorContext.self,
        APMRequestContext.self, APMURLParts.self, APMResponseContext.self,
        APMSpanContext.self, APMDatabaseContext.self, APMHTTPClientContext.self, APMMessageContext.self,
    ]

    /// The other libraries' names that ElasticAPM's used to clash with or sit beside, unqualified.
    static let neighbourTypes: [Any.Type] = [
        (any Span).self, SpanLink.self, SpanEvent.self, SpanKind.self, (any Tracer).self, ServiceContext.self,
        (any Instrument).self, Logger.self, (any LogHandler).self, (any MetricsFactory).self, Counter.self,
        Gauge.self, (any Service).self, ServiceGroup.self, ServiceGroupConfiguration.self,
    ]

    @Test("every public type of ElasticAPM is named in this file, so the clash check covers it")
    func everyPublicTypeIsNamedHere() throws {
        let thisFile = URL(filePath: #filePath)
        let sources = thisFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Sources/ElasticAPM")
        let declared = try Self.publicTypeNames(under: sources)
        #expect(declared.count == Self.publicTypes.count, "public types: \(declared.sorted())")
        let named = Set(Self.publicTypes.map { String(reflecting: $0).split(separator: ".").last.map(String.init) ?? "" })
        #expect(declared.subtracting(named).isEmpty, "not named here: \(declared.subtracting(named).sorted())")
        #expect(declared.allSatisfy { $0.hasPrefix("APM") || Self.nestedNames.contains($0) })
    }

    /// Names that are nested in an `APM…` type rather than declared at the top level.
    static let nestedNames: Set<String> = [
        "Configuration", "CaptureBody", "TraceContinuationStrategy", "QueueDurability", "Statistics", "FlushReport",
    ]

    /// Counts as the README's changelog does: every line that starts a `public` declaration
    /// (members included), not `public import`s and not `@_spi` declarations (a file whose
    /// top-level type is `@_spi` counts as SPI throughout).
    @Test("ElasticAPM's public surface stays within 250 declarations (members included, SPI not counted)")
    func publicSurfaceBudget() throws {
        let sources = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Sources/ElasticAPM")
        var count = 0
        for file in try Self.swiftFiles(under: sources) {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            if lines.contains(where: { $0.hasPrefix("@_spi(") }) { continue }
            var previousIsSPI = false
            for line in lines {
                let trimmed = line.drop { $0 == " " }
                let isSPI = trimmed.hasPrefix("@_spi(")
                if !isSPI, !previousIsSPI, !trimmed.hasPrefix("public import "), Self.declaresPublic(trimmed) {
                    count += 1
                }
                previousIsSPI = isSPI && !trimmed.contains(" public ")
            }
        }
        #expect(count > 100)
        #expect(count <= 250)
    }

    @Test("the configuration's fixed sets are enumerations whose raw values are the environment strings")
    func configurationEnumerations() {
        #expect(APMAgent.Configuration.CaptureBody.allCases.map(\.rawValue) == ["off", "errors", "transactions", "all"])
        #expect(APMAgent.Configuration.QueueDurability.allCases.map(\.rawValue) == ["batched", "strict"])
        #expect(
            APMAgent.Configuration.TraceContinuationStrategy.allCases.map(\.rawValue)
                == ["continue", "restart", "restart_external"])
        var configuration = APMAgent.Configuration(serviceName: "names")
        configuration.captureBody = .errors
        configuration.queueDurability = .strict
        configuration.traceContinuationStrategy = .restartExternal
        configuration.logLevel = .warning
        #expect(configuration.captureBody == .errors && configuration.queueDurability == .strict)
    }

    @Test("trace context values round-trip through their header forms")
    func traceContext() throws {
        let header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let parent = try #require(APMTraceParent(string: header, traceState: "es=s:0.5"))
        #expect(parent.headerValue == header)
        #expect(parent.traceStateHeaderValue == "es=s:0.5")
        #expect(parent.isSampled)
        #expect(parent.traceID.description == "0af7651916cd43dd8448eb211c80319c")
        #expect(parent.parentID == APMSpanID(hex: "b7ad6b7169203331"))
        #expect(APMTraceID(hex: "0af7651916cd43dd8448eb211c80319c") == parent.traceID)
        let fromHeaders = try #require(APMTraceParent(headers: [(name: "TraceParent", value: header)]))
        #expect(fromHeaders.headerValue == header && fromHeaders.traceStateHeaderValue == nil)
        let link: APMSpanLink = APMSpanLink(parent)
        let tracingLink: SpanLink? = nil
        #expect(tracingLink == nil && link == APMSpanLink(parent))
    }

    @Test("a disabled agent's tracer, log handler, metrics factory and service plug into the other libraries")
    func disabledAgentPlugsIn() async {
        var configuration = APMAgent.Configuration(serviceName: "names")
        configuration.enabled = false
        let agent = APMAgent(configuration: configuration, environment: [:])
        #expect(!agent.isEnabled)
        let tracer: APMTracer = agent.tracer
        let span: APMTracerSpan = tracer.startSpan("GET /", context: ServiceContext.topLevel, ofKind: .server)
        #expect(!span.isRecording)
        span.end()
        let logger = Logger(label: "names") { APMLogHandler(label: $0, agent: agent) }
        logger.info("nothing is captured by a disabled agent")
        let counter = Counter(label: "names.requests", dimensions: [], factory: agent.metricsFactory)
        counter.increment()
        let service: any Service = agent.service(shutdownTimeout: .milliseconds(10))
        #expect(service is APMAgentService)
        let transaction: APMTransaction? = agent.currentTransaction
        let current: APMSpan? = agent.currentSpan
        #expect(transaction == nil && current == nil)
        let report: APMAgent.FlushReport = await agent.flush(timeout: .zero)
        #expect(report.completed && report.sent == 0)
        let statistics: APMAgent.Statistics = agent.statistics
        #expect(statistics.capturedTotal == 0)
        let labels: [String: APMLabelValue] = ["a": "b", "n": 1]
        let custom: [String: APMCustomValue] = ["k": ["nested": true]]
        agent.label(labels)
        #expect(agent.captureError(NamesError(), context: APMErrorContext(user: APMUserContext(id: "1")), custom: custom) == nil)
        _ = (
            APMOutcome.success, APMRequestContext(method: "GET", url: APMURLParts(pathname: "/")),
            APMResponseContext(statusCode: 200),
            APMSpanContext(
                db: APMDatabaseContext(statement: "SELECT 1"), http: APMHTTPClientContext(url: "http://x"),
                message: APMMessageContext(queueName: "q"))
        )
        await agent.close(timeout: .zero)
    }

    private struct NamesError: Error {}

    /// `public struct|class|enum|protocol|actor|typealias NAME` in `directory`, skipping `@_spi` types.
    static func publicTypeNames(under directory: URL) throws -> Set<String> {
        let pattern = #/^\s*public (?:final )?(?:struct|class|enum|protocol|actor|typealias) ([A-Za-z_][A-Za-z0-9_]*)/#
        var names: Set<String> = []
        for file in try swiftFiles(under: directory) {
            var previousIsSPI = false
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                if !previousIsSPI, let match = line.firstMatch(of: pattern) { names.insert(String(match.1)) }
                previousIsSPI = line.drop { $0 == " " }.hasPrefix("@_spi(")
            }
        }
        return names
    }

    /// Whether a line starts a `public` declaration (after attributes), as the README's count does.
    static func declaresPublic(_ line: Substring) -> Bool {
        line.firstMatch(of: #/^(?:@[A-Za-z_()]+\s+)*public /#) != nil
    }

    static func swiftFiles(under directory: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }
}
