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

struct ConfigValueParserTests {
    typealias P = ConfigValueParser

    @Test func boolean() throws {
        #expect(try P.boolean("true").get() == true)
        #expect(try P.boolean(" FALSE ").get() == false)
        #expect(try P.boolean("True").get() == true)
        for bad in ["", "yes", "1", "tru", "truee"] {
            #expect(throws: ConfigValueError.self) { try P.boolean(bad).get() }
        }
        #expect(P.boolean("yes").failureMessage?.contains("\"true\" or \"false\"") == true)
    }

    @Test func duration() throws {
        #expect(try P.duration("5ms").get() == .milliseconds(5))
        #expect(try P.duration("10s").get() == .seconds(10))
        #expect(try P.duration("2m").get() == .seconds(120))
        #expect(try P.duration("-1ms").get() == .milliseconds(-1))
        #expect(try P.duration("0ms").get() == .zero)
        #expect(try P.duration(" 30s\n").get() == .seconds(30))
        for bad in [
            "", "5", "ms", "5MS", "5 ms", "5us", "5h", "+5ms", "1.5s", "--1s", "5msx", "99999999999999999999s",
            "153722867280912931m",
        ] {
            #expect(P.duration(bad).failureMessage != nil, "\(bad.debugDescription)")
        }
        #expect(P.duration("5").failureMessage?.contains("\"5ms\"") == true)
        #expect(try P.duration("5", defaultUnit: .seconds).get() == .seconds(5))
        #expect(try P.duration("-5", defaultUnit: .milliseconds).get() == .milliseconds(-5))
        #expect(try P.duration("7ms", defaultUnit: .seconds).get() == .milliseconds(7))
    }

    @Test func granularDuration() throws {
        #expect(try P.granularDuration("250us").get() == .microseconds(250))
        #expect(try P.granularDuration("1ms").get() == .milliseconds(1))
        #expect(try P.granularDuration("-3m").get() == .seconds(-180))
        #expect(P.granularDuration("3US").failureMessage != nil)
        #expect(P.granularDuration("3").failureMessage?.contains("500us") == true)
    }

    @Test func size() throws {
        #expect(try P.size("10b").get() == 10)
        #expect(try P.size("768kb").get() == 768 * 1024)
        #expect(try P.size("1MB").get() == 1 << 20)
        #expect(try P.size("2Gb").get() == 2 << 30)
        #expect(try P.size(" 0kb ").get() == 0)
        for bad in ["", "10", "kb", "10 kb", "-1kb", "1.5mb", "10tb", "9999999999999gb"] {
            #expect(P.size(bad).failureMessage != nil, "\(bad.debugDescription)")
        }
    }

    @Test func list() {
        #expect(P.list("a, b ,,c , ") == ["a", "b", "c"])
        #expect(P.list("") == [])
        #expect(P.list(" , ") == [])
        #expect(P.list("single") == ["single"])
    }

    @Test func mapping() throws {
        let pairs = try P.mapping("k=v, k2 = v2 ,,empty=, eq=a=b").get()
        #expect(pairs.map(\.key) == ["k", "k2", "empty", "eq"])
        #expect(pairs.map(\.value) == ["v", "v2", "", "a=b"])
        #expect(try P.mapping("").get().isEmpty)
        for bad in ["novalue", "k=v,bad", "=v", " =v"] {
            #expect(P.mapping(bad).failureMessage?.contains("key=value") == true, "\(bad.debugDescription)")
        }
    }

    @Test(arguments: [
        ("0.00001", 0.0001), ("0.55554", 0.5555), ("0.55555", 0.5556), ("0.55556", 0.5556), ("0.00015", 0.0002),
        ("1", 1.0), ("0", 0.0), ("0.1", 0.1), ("1.0", 1.0), (" 0.25 ", 0.25), ("0.00005", 0.0001), ("0.00004", 0.0001),
        ("0.99995", 1.0), ("0.99994", 0.9999), ("1e-5", 0.0001), ("0.12345678", 0.1235), ("0.00014999", 0.0001),
    ])
    func sampleRate(raw: String, expected: Double) throws {
        #expect(try P.sampleRate(raw).get() == expected)
    }

    @Test func sampleRateRejects() {
        for bad in ["", "1.1", "-0.1", "abc", "nan", "inf", "0x1p-1", "50%", "0,5"] {
            #expect(P.sampleRate(bad).failureMessage?.contains("between 0 and 1") == true, "\(bad.debugDescription)")
        }
    }

    @Test func integerAndDouble() throws {
        #expect(try P.integer("42").get() == 42)
        #expect(try P.integer(" -7 ").get() == -7)
        #expect(try P.integer("500", in: 0...1000).get() == 500)
        #expect(P.integer("1001", in: 0...1000).failureMessage?.contains("between 0 and 1000") == true)
        #expect(P.integer("4.2").failureMessage != nil)
        #expect(P.integer("99999999999999999999").failureMessage != nil)
        #expect(try P.double("1.5").get() == 1.5)
        #expect(try P.double("-2e3").get() == -2000)
        #expect(P.double("2", in: 0...1).failureMessage?.contains("between 0.0 and 1.0") == true)
        #expect(P.double("1e999").failureMessage != nil)
        #expect(P.double("e").failureMessage != nil)
    }

    @Test func logLevel() throws {
        #expect(try P.logLevel("INFO").get() == .info)
        #expect(try P.logLevel("warn").get() == .warning)
        #expect(try P.logLevel("Warning").get() == .warning)
        #expect(try P.logLevel("off").get() == .off)
        #expect(try P.logLevel("critical").get() == .critical)
        #expect(P.logLevel("verbose").failureMessage?.contains("trace, debug, info") == true)
        #expect(P.LogLevel.trace < .debug && P.LogLevel.critical < .off)
        #expect(P.LogLevel.allCases.sorted() == P.LogLevel.allCases)
    }

    @Test func errorMessagesQuoteAtMost64Characters() {
        let message = P.boolean(String(repeating: "x", count: 1_000)).failureMessage ?? ""
        #expect(message.hasSuffix("x…\""))
        #expect(message.count < 200)
    }

    // MARK: - Properties

    @Test func formattedValuesRoundTrip() throws {
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<2_000 {
            let count = Int64.random(in: 0...1_000_000_000, using: &generator)
            let negative = Bool.random(using: &generator)
            let sign = negative ? "-" : ""
            let signed = negative ? -count : count
            #expect(try P.duration("\(sign)\(count)ms").get() == .milliseconds(signed))
            #expect(try P.duration("\(sign)\(count)s").get() == .seconds(signed))
            #expect(try P.duration("\(sign)\(count)m").get() == .seconds(signed * 60))
            #expect(try P.granularDuration("\(sign)\(count)us").get() == .microseconds(signed))
            let small = count % 1_000_000
            #expect(try P.size("\(small)kb").get() == small * 1024)
            #expect(try P.size("\(small)GB").get() == small << 30)
            let units = Int.random(in: 0...10_000, using: &generator)
            let rate = Double(units) / 10_000
            #expect(try P.sampleRate("\(rate)").get() == rate, "\(rate)")
            #expect(SampleRate.tenThousandths(rate) == units, "\(rate)")
            #expect(try P.sampleRate(SampleRate.formatted(rate)).get() == rate, "\(rate)")
            let int = Int.random(in: Int.min...Int.max, using: &generator)
            #expect(try P.integer("\(int)").get() == int)
            let pairs = (0..<Int.random(in: 0...5, using: &generator)).map { ("k\($0)", "v\(count)") }
            let mapped = try P.mapping(pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ",")).get()
            #expect(mapped.map(\.key) == pairs.map(\.0) && mapped.map(\.value) == pairs.map(\.1))
        }
    }

    @Test func sampleRateRoundingMatchesDecimalArithmetic() throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<5_000 {
            // A random decimal with up to 8 fractional digits, rounded by hand in integer arithmetic.
            let digits = Int.random(in: 0...100_000_000, using: &generator)
            let fraction = String(digits)
            let text = "0." + String(repeating: "0", count: max(0, 8 - fraction.count)) + fraction
            let expected = max(digits > 0 ? 1 : 0, (digits + 5_000) / 10_000)
            let result = try P.sampleRate(digits == 100_000_000 ? "1" : text).get()
            #expect(result == Double(min(expected, 10_000)) / 10_000, "\(text)")
        }
    }

    @Test func garbageNeverCrashes() {
        var generator = SeededGenerator(seed: 0xBAD)
        for _ in 0..<3_000 {
            let raw = generator.garbage(maxLength: 24)
            _ = P.boolean(raw)
            _ = P.duration(raw, defaultUnit: .milliseconds)
            _ = P.granularDuration(raw)
            _ = P.size(raw)
            _ = P.list(raw)
            _ = P.mapping(raw)
            if case .success(let rate) = P.sampleRate(raw) { #expect((0...1).contains(rate)) }
            _ = P.integer(raw, in: 0...10)
            _ = P.double(raw, in: -1...1)
            _ = P.logLevel(raw)
        }
    }
}

extension Result where Failure == ConfigValueError {
    /// The error message, or `nil` on success.
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
