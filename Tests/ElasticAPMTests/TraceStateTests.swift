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

struct TraceStateTests {
    @Test func emptyStateIsValidAndNotPropagated() {
        for state in [
            TraceState(), TraceState(header: nil), TraceState(header: ""), TraceState(header: " , ,\t"),
            TraceState(headerValues: []),
        ] {
            #expect(state.isValid)
            #expect(state.headerValue == nil)
            #expect(state.elasticSampleRate == nil)
        }
    }

    @Test func parsesElasticSampleRate() {
        #expect(TraceState(header: "es=s:0.5").elasticSampleRate == 0.5)
        #expect(TraceState(header: "foo=bar,es=k:v;s:0.25;x:y").elasticSampleRate == 0.25)
        #expect(TraceState(header: "es=s:1").elasticSampleRate == 1)
        #expect(TraceState(header: "es=s:0").elasticSampleRate == 0)
        #expect(TraceState(header: "es=s:.5").elasticSampleRate == 0.5)
    }

    @Test(arguments: [
        "es=s:1.5", "es=s:-0.1", "es=s:abc", "es=s:", "es=s:1e-1", "es=s:nan", "es=s:0x1p-1", "es=k:0.5", "es=s:0.5.1",
        "es=ss:0.5",
    ])
    func rejectsBadSampleRates(_ header: String) {
        let state = TraceState(header: header)
        #expect(state.isValid)
        #expect(state.elasticSampleRate == nil)
        #expect(state.containsElasticEntry)
    }

    @Test func invalidStateHasNoRateAndIsNotPropagated() {
        let state = TraceState(header: "es=s:0.5,es=s:0.25")
        #expect(!state.isValid)
        #expect(state.elasticSampleRate == nil)
        #expect(state.headerValue == nil)
        #expect(!state.containsElasticEntry)
    }

    @Test func normalizesWhitespaceAndEmptyMembers() {
        #expect(TraceState(header: " foo=1 ,, \tbar=2\t,").headerValue == "foo=1,bar=2")
        #expect(TraceState(headerValues: ["foo=1", "", "bar=2"]).headerValue == "foo=1,bar=2")
        #expect(TraceState(header: "foo= spaced value").headerValue == "foo= spaced value")
    }

    @Test(arguments: [
        "foo", "=1", "foo=", "foo=a,b", "Foo=1", "1foo=1", "foo=\u{00E9}", "foo=a\tb", "fo o=1",
        "a@=1", "@b=1", "a@1b=1", "a@b@c=1", "foo=1,foo=2",
    ])
    func rejectsInvalidMembers(_ header: String) {
        #expect(!TraceState(header: header).isValid, "\(header.debugDescription)")
    }

    @Test func acceptsMultiTenantKeysAndLongLists() {
        #expect(TraceState(header: "1tenant@system=1").isValid)
        #expect(TraceState(header: "t_-*/@s_-*/9=1").isValid)
        // The 32-member limit is deliberately not enforced (Elastic spec), and nothing is dropped.
        let members = (1...40).map { "k\($0)=\($0)" }
        let state = TraceState(header: members.joined(separator: ","))
        #expect(state.isValid)
        #expect(state.headerValue == members.joined(separator: ","))
        let duplicated = TraceState(header: (members + ["k7=x"]).joined(separator: ","))
        #expect(!duplicated.isValid)
    }

    @Test func valueLengthLimit() {
        #expect(TraceState(header: "k=" + String(repeating: "v", count: 256)).isValid)
        #expect(!TraceState(header: "k=" + String(repeating: "v", count: 257)).isValid)
    }

    @Test func settingRateOnEmptyState() {
        let state = TraceState().settingElasticSampleRate(0.5)
        #expect(state.headerValue == "es=s:0.5")
        #expect(state.elasticSampleRate == 0.5)
    }

    @Test(arguments: [
        (1.0, "es=s:1"), (0.5, "es=s:0.5"), (0.0001, "es=s:0.0001"), (0.00001, "es=s:0.0001"),
        (0.12345, "es=s:0.1235"), (0.1, "es=s:0.1"), (0.0, "es=s:0"), (0.00015, "es=s:0.0002"),
        (1.5, "es=s:1"), (-1.0, "es=s:0"), (Double.nan, "es=s:0"), (0.99999, "es=s:1"),
    ])
    func rateFormatting(rate: Double, expected: String) {
        #expect(TraceState().settingElasticSampleRate(rate).headerValue == expected)
    }

    @Test func mutatedEntryMovesToFrontAndKeepsOthers() {
        let state = TraceState(header: "foo=1,es=a:b;s:0.1;c:d,bar=2").settingElasticSampleRate(0.25)
        #expect(state.headerValue == "es=s:0.25;a:b;c:d,foo=1,bar=2")
        #expect(state.elasticSampleRate == 0.25)
        #expect(state.containsElasticEntry)
    }

    @Test func malformedElasticSubKeysAreDropped() {
        let state = TraceState(header: "es=novalue;:empty;a:b:c;ok:1").settingElasticSampleRate(1)
        #expect(state.headerValue == "es=s:1;ok:1")
    }

    @Test func subKeysThatWouldExceed256CharactersAreDropped() {
        let long = "x:" + String(repeating: "y", count: 240)
        let state = TraceState(header: "es=s:0.5;\(long);z:1").settingElasticSampleRate(0.123)
        let header = state.headerValue!
        let esValue = header.dropFirst(3)
        #expect(esValue.utf8.count <= 256)
        #expect(header == "es=s:0.123;\(long);z:1")
        let longer = "x:" + String(repeating: "y", count: 248)
        let dropped = TraceState(header: "es=\(longer);z:1").settingElasticSampleRate(0.1234)
        #expect(dropped.headerValue == "es=s:0.1234;z:1")
    }

    @Test func invalidStateIsReplacedWhenMutated() {
        let state = TraceState(header: "foo=1,foo=2").settingElasticSampleRate(1)
        #expect(state.isValid)
        #expect(state.headerValue == "es=s:1")
    }

    @Test func mutationAlwaysGivesAValidListThatRoundTrips() {
        var generator = SeededGenerator(seed: 77)
        for iteration in 0..<3_000 {
            var members = (0..<Int.random(in: 0...5, using: &generator)).map { "v\($0)= x\($0)" }
            let pairs = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                "k\(Int.random(in: 0...99, using: &generator)):"
                    + String(repeating: "y", count: Int.random(in: 0...60, using: &generator))
            }
            if !pairs.isEmpty {
                members.insert("es=" + pairs.joined(separator: ";"), at: Int.random(in: 0...members.count, using: &generator))
            }
            let state = TraceState(header: members.joined(separator: " , "))
            let rate = Double.random(in: 0...1, using: &generator)
            let mutated = state.settingElasticSampleRate(rate)
            let header = mutated.headerValue ?? ""
            let reparsed = TraceState(header: header)
            #expect(reparsed == mutated, "iteration \(iteration): \(header)")
            #expect(reparsed.elasticSampleRate == SampleRate.rounded(rate), "iteration \(iteration)")
            let elastic = header.split(separator: ",")[0]
            #expect(elastic.hasPrefix("es=s:") && elastic.utf8.count <= 3 + 256, "iteration \(iteration): \(elastic)")
            let others = header.split(separator: ",").dropFirst().map(String.init)
            let expectedOthers = state.isValid ? members.filter { !$0.hasPrefix("es=") } : []
            #expect(others == expectedOthers, "iteration \(iteration): \(header)")
        }
    }

    @Test func garbageNeverCrashes() {
        var generator = SeededGenerator(seed: 0x5EED)
        var validCount = 0
        for _ in 0..<5_000 {
            let header = generator.garbage(maxLength: 40)
            let state = TraceState(header: header)
            if state.isValid {
                validCount += 1
                if let value = state.headerValue { #expect(TraceState(header: value) == state, "\(header.debugDescription)") }
            }
            let mutated = state.settingElasticSampleRate(Double.random(in: 0...1, using: &generator))
            #expect(mutated.isValid)
            #expect(mutated.headerValue != nil)
        }
        #expect(validCount > 0)
    }
}
