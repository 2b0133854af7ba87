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
import Foundation
import Instrumentation
import Testing
import Tracing

/// Runs every scenario of `otel_bridge.feature` against ``APMTracer``.
@Suite("OpenTelemetry bridge gherkin scenarios", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct OTelBridgeFeatureTests {
    static let remoteParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test("every scenario and example row of otel_bridge.feature passes")
    func scenarios() throws {
        let feature = GherkinFeature(try SharedSpecs.text("gherkin-specs/otel_bridge.feature"))
        #expect(feature.scenarios.count == 14)
        var runs = 0
        for scenario in feature.scenarios {
            for row in scenario.examples.isEmpty ? [[:]] : scenario.examples {
                try run(scenario, row: row)
                runs += 1
            }
        }
        #expect(runs == 55)
    }

    /// The quoted arguments of a step (`'x'` or `"x"`), after substituting `<placeholders>`.
    private func arguments(_ step: String) -> [String] {
        var values: [String] = []
        var current: String?
        var quote: Character?
        for character in step {
            if let open = quote {
                if character == open {
                    values.append(current ?? "")
                    current = nil
                    quote = nil
                } else {
                    current = (current ?? "") + String(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
            }
        }
        return values
    }

    private func substitute(_ text: String, _ row: [String: String]) -> String {
        row.reduce(text) { $0.replacingOccurrences(of: "<\($1.key)>", with: $1.value) }
    }

    private func run(_ scenario: GherkinFeature.Scenario, row: [String: String]) throws {
        let label = "\(scenario.title) \(row)"
        let test = TestAgent()
        let tracer = test.agent.tracer
        var activeTransaction: APMTransaction?
        var parentContext = ServiceContext.topLevel
        var localParent: APMTracerSpan?
        var span: APMTracerSpan?
        var attributes: [String: String] = [:]
        let steps = scenario.steps.map { substitute($0, row) }
        let firstThen = steps.firstIndex { $0.hasPrefix("Then") } ?? steps.count
        for (index, step) in steps.enumerated().prefix(firstThen) {
            if step.hasSuffix("an active transaction") {
                activeTransaction = test.agent.beginTransaction(type: "request", name: "active")
            } else if step.hasSuffix("created with remote context as parent") {
                parentContext = tracer.extracted(["traceparent": Self.remoteParent])
                span = tracer.start("otel-span", kind: .internal, context: parentContext)
            } else if step.hasSuffix("created without parent") {
                span = tracer.start("otel-span", kind: .internal)
            } else if step.hasSuffix("created with local context as parent") {
                localParent = tracer.start("local-parent", kind: .server)
                span = tracer.start("otel-span", kind: .internal, context: localParent!.context)
            } else if step.contains("created with kind") {
                span = tracer.start("otel-span", kind: try kind(arguments(step).first), context: parentContext)
            } else if step.contains("status set to") {
                switch arguments(step).first {
                case "ok": span?.setStatus(SpanStatus(code: .ok))
                case "error": span?.setStatus(SpanStatus(code: .error))
                default: break
                }
            } else if step.hasSuffix("has following attributes") {
                for cells in scenario.stepTables[index] ?? [] where cells.count == 2 {
                    let value = substitute(cells[1], row)
                    if !value.isEmpty { attributes[cells[0]] = value }
                }
                span?.set(attributes.mapValues { .string($0) })
            } else if step.hasSuffix("OTel span ends") {
                span?.end()
            } else if !step.hasSuffix("an agent") {
                Issue.record("\(label): unknown step \(step)")
            }
        }
        span?.end()
        localParent?.end()
        if activeTransaction != nil { test.agent.endTransaction() }
        let events = test.events()
        let asTransaction = events.transactions.first { $0["name"] as? String == "otel-span" }
        let asSpan = events.span(named: "otel-span")
        for step in steps.suffix(from: firstThen) {
            let values = arguments(step)
            let bridged = step.contains("bridged transaction") ? asTransaction : asSpan
            if step.hasSuffix("object is a transaction") {
                #expect(asTransaction != nil && asSpan == nil, "\(label)")
            } else if step.hasSuffix("object is a span") {
                #expect(asSpan != nil && asTransaction == nil, "\(label)")
            } else if step.hasSuffix("has remote context as parent") {
                #expect(bridged?["parent_id"] as? String == "b7ad6b7169203331", "\(label)")
                #expect(bridged?["trace_id"] as? String == "0af7651916cd43dd8448eb211c80319c", "\(label)")
            } else if step.hasSuffix("is a root transaction") {
                #expect(bridged != nil && bridged?["parent_id"] == nil, "\(label)")
            } else if step.hasSuffix("has local context as parent") {
                let parent = events.transactions.first { $0["name"] as? String == "local-parent" }
                #expect(bridged?["parent_id"] as? String == parent?["id"] as? String, "\(label)")
            } else if step.contains("outcome is") {
                #expect(bridged?["outcome"] as? String == values.first, "\(label)")
            } else if step.contains("OTel kind is") {
                #expect(bridged?[path: "otel.span_kind"] as? String == values.first, "\(label)")
            } else if step.contains("service target type is") {
                #expect(bridged?[path: "context.service.target.type"] as? String == values.first, "\(label)")
                #expect(bridged?[path: "context.service.target.name"] as? String ?? "" == values.last, "\(label)")
            } else if step.contains(" type is") {
                #expect(bridged?["type"] as? String == values.first, "\(label)")
            } else if step.contains(" subtype is") {
                #expect(bridged?["subtype"] as? String ?? "" == values.first, "\(label)")
            } else if step.hasSuffix("result is not set") {
                #expect(bridged != nil && bridged?["result"] == nil, "\(label)")
            } else if step.hasSuffix("OTel attributes are copied as-is") {
                let copied = bridged?.otelAttributes ?? [:]
                for (key, value) in attributes {
                    #expect(copied[key] as? String == value, "\(label): \(key)")
                }
            } else if step.contains("destination resource is set to") {
                #expect(bridged?[path: "context.destination.service.resource"] as? String == values.first, "\(label)")
            } else {
                Issue.record("\(label): unknown step \(step)")
            }
        }
    }

    private func kind(_ name: String?) throws -> SpanKind {
        switch name {
        case "SERVER": .server
        case "CLIENT": .client
        case "PRODUCER": .producer
        case "CONSUMER": .consumer
        case "INTERNAL": .internal
        default: throw KindError(name: name)
        }
    }

    private struct KindError: Error {
        var name: String?
    }
}
