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

@Suite("W3C distributed tracing vectors", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct W3CDistributedTracingVectorTests {
    struct Case {
        var index: Int
        var headers: [(name: String, value: String)]
        var isTraceparentValid: Bool
        var isTracestateValid: Bool?
    }

    static func loadCases() throws -> [Case] {
        let root = try #require(try SharedSpecs.json("w3c_distributed_tracing.json") as? [[String: Any]])
        return try root.enumerated().map { index, object in
            let pairs = try #require(object["headers"] as? [[String]], "case \(index): headers")
            return Case(
                index: index,
                headers: pairs.map { (name: $0[0], value: $0[1]) },
                isTraceparentValid: try #require(object["is_traceparent_valid"] as? Bool, "case \(index)"),
                isTracestateValid: object["is_tracestate_valid"] as? Bool
            )
        }
    }

    @Test("every vector case (82) gives the expected validity")
    func vectors() throws {
        let cases = try Self.loadCases()
        #expect(cases.count == 82)
        #expect(cases.filter { $0.isTracestateValid != nil }.count >= 30)
        for test in cases {
            let label = "case \(test.index): \(test.headers)"
            let parent = APMTraceParent(headers: test.headers)
            #expect((parent != nil) == test.isTraceparentValid, "\(label): traceparent validity")
            guard let parent else { continue }
            #expect(parent.traceID.hexString == "12345678901234567890123456789012", "\(label)")
            #expect(parent.parentID.hexString == "1234567890123456", "\(label)")
            #expect(APMTraceParent(string: parent.headerValue)?.traceID == parent.traceID, "\(label): re-parse")
            if let expected = test.isTracestateValid {
                #expect(parent.traceState.isValid == expected, "\(label): tracestate validity")
                if expected {
                    let header = try #require(parent.traceState.headerValue, "\(label): valid tracestate is propagated")
                    #expect(TraceState(header: header) == parent.traceState, "\(label): tracestate round trip")
                } else {
                    #expect(parent.traceState.headerValue == nil, "\(label): invalid tracestate is dropped")
                }
            }
        }
    }
}

struct TraceParentTests {
    static let valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test func parsesAndFormats() throws {
        let parent = try #require(APMTraceParent(string: Self.valid))
        #expect(parent.traceID.hexString == "0af7651916cd43dd8448eb211c80319c")
        #expect(parent.parentID.hexString == "b7ad6b7169203331")
        #expect(parent.flags == 1)
        #expect(parent.isSampled)
        #expect(parent.headerValue == Self.valid)
        #expect(parent.traceState == TraceState())
    }

    @Test func sampledFlagIsBitZero() throws {
        var parent = try #require(APMTraceParent(string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-02"))
        #expect(!parent.isSampled)
        parent.isSampled = true
        #expect(parent.flags == 0x03)
        #expect(parent.headerValue.hasSuffix("-03"))
        parent.isSampled = false
        #expect(parent.flags == 0x02)
    }

    @Test func unknownFlagsAreClearedOnOutput() throws {
        let parent = try #require(APMTraceParent(string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff"))
        #expect(parent.flags == 0xFF)
        #expect(parent.headerValue.hasSuffix("-03"))
    }

    @Test func futureVersionIsWrittenAsVersion00() throws {
        let parent = try #require(APMTraceParent(string: "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra"))
        #expect(parent.headerValue == Self.valid)
    }

    @Test(arguments: [
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-B7AD6B7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0A",
        "0A-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331_01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "",
        " ",
        "00",
        "\u{00E9}0-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    ])
    func rejectsInvalid(_ value: String) {
        #expect(APMTraceParent(string: value) == nil, "\(value.debugDescription)")
    }

    @Test func surroundingWhitespaceIsIgnored() {
        #expect(APMTraceParent(string: " \t" + Self.valid + "\t ") != nil)
    }

    @Test func carriesTraceState() throws {
        let parent = try #require(APMTraceParent(string: Self.valid, traceState: "es=s:0.5,foo=bar"))
        #expect(parent.traceState.elasticSampleRate == 0.5)
        #expect(parent.traceState.headerValue == "es=s:0.5,foo=bar")
    }

    @Test func legacyHeaderIsUsedOnlyWithoutTraceparent() throws {
        let other = "00-11111111111111111111111111111111-2222222222222222-00"
        let legacyOnly = try #require(APMTraceParent(headers: [(name: "Elastic-Apm-Traceparent", value: other)]))
        #expect(legacyOnly.headerValue == other)
        let both = try #require(
            APMTraceParent(headers: [
                (name: "elastic-apm-traceparent", value: other),
                (name: "traceparent", value: Self.valid),
            ]))
        #expect(both.headerValue == Self.valid)
        // An invalid traceparent is not rescued by the legacy header.
        #expect(
            APMTraceParent(headers: [(name: "traceparent", value: "garbage"), (name: "elastic-apm-traceparent", value: other)])
                == nil)
        // Repeated legacy headers are ambiguous.
        #expect(
            APMTraceParent(headers: [
                (name: "elastic-apm-traceparent", value: other), (name: "elastic-apm-traceparent", value: other),
            ]) == nil)
    }

    @Test func dictionaryHeaders() throws {
        let parent = try #require(APMTraceParent(headers: ["TraceParent": Self.valid, "TRACESTATE": "es=s:1"]))
        #expect(parent.traceState.elasticSampleRate == 1)
        #expect(APMTraceParent(headers: ["traceparent": Self.valid, "Traceparent": Self.valid]) == nil)
        #expect(APMTraceParent(headers: [String: String]()) == nil)
    }

    @Test func roundTripsRandomIDs() throws {
        for index in 0..<1_000 {
            let original = APMTraceParent(traceID: .random(), parentID: .random(), sampled: index.isMultiple(of: 2))
            let parsed = try #require(APMTraceParent(string: original.headerValue), "iteration \(index)")
            #expect(parsed == original, "iteration \(index): \(original.headerValue)")
        }
    }

    @Test func garbageNeverCrashes() {
        var generator = SeededGenerator(seed: 0x7CAC_E0AB)
        for _ in 0..<5_000 {
            let value = generator.garbage(maxLength: 70)
            if let parent = APMTraceParent(string: value) {
                #expect(parent.traceID.isValid && parent.parentID.isValid)
            }
            _ = APMTraceParent(headers: [(name: "traceparent", value: value), (name: "tracestate", value: value)])
        }
        // Mutations of a valid header: every single-character change either stays valid or is rejected cleanly.
        let bytes = Array(Self.valid.utf8)
        for position in bytes.indices {
            for replacement in [UInt8(ascii: "g"), UInt8(ascii: "F"), UInt8(ascii: "-"), 0, 0xFF] {
                var mutated = bytes
                mutated[position] = replacement
                _ = APMTraceParent(string: String(decoding: mutated, as: UTF8.self))
            }
        }
    }
}
