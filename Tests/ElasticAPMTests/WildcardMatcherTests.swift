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

@Suite("Wildcard matcher vectors", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct WildcardMatcherVectorTests {
    @Test("every group of wildcard_matcher_tests.json")
    func vectors() throws {
        let groups = try #require(try SharedSpecs.json("wildcard_matcher_tests.json") as? [String: [String: [String: Bool]]])
        #expect(groups.count == 22)
        var checked = 0
        for (group, patterns) in groups.sorted(by: { $0.key < $1.key }) {
            for (pattern, inputs) in patterns {
                let matcher = WildcardMatcher(pattern)
                let list = WildcardMatcherList([pattern])
                for (input, expected) in inputs {
                    checked += 1
                    #expect(
                        matcher.matches(input) == expected, "\(group): \(pattern.debugDescription) vs \(input.debugDescription)")
                    #expect(
                        list.matches(input) == expected,
                        "\(group) (list): \(pattern.debugDescription) vs \(input.debugDescription)")
                }
            }
        }
        #expect(checked == 86)
    }
}

struct WildcardMatcherTests {
    @Test func casePrefixes() {
        #expect(WildcardMatcher("(?-i)Foo*").matches("Foobar"))
        #expect(!WildcardMatcher("(?-i)Foo*").matches("foobar"))
        #expect(WildcardMatcher("(?i)Foo*").matches("FOOBAR"))
        #expect(WildcardMatcher("(?-i)Foo*").isCaseSensitive)
        #expect(!WildcardMatcher("(?i)Foo*").isCaseSensitive)
        #expect(WildcardMatcher("(?-i)Foo*").pattern == "(?-i)Foo*")
        #expect(WildcardMatcher("(?-i)").matches(""))
    }

    @Test func unicodeCaseFolding() {
        #expect(WildcardMatcher("*ÉTÉ*").matches("un été chaud"))
        #expect(WildcardMatcher("straße").matches("STRAßE"))
        #expect(WildcardMatcher("中文*").matches("中文字"))
        #expect(WildcardMatcher("*😀").matches("smile 😀"))
        #expect(!WildcardMatcher("*😀").matches("smile 😁"))
        #expect(!WildcardMatcher("(?-i)*été*").matches("ÉTÉ"))
        // The Kelvin sign lower-cases to ASCII "k".
        #expect(WildcardMatcher("\u{212A}ey").matches("KEY"))
    }

    @Test func literalCharacters() {
        #expect(WildcardMatcher("a.b").matches("A.B"))
        #expect(!WildcardMatcher("a.b").matches("axb"))
        #expect(WildcardMatcher("[x]+").matches("[X]+"))
        #expect(WildcardMatcher("").matches(""))
        #expect(!WildcardMatcher("").matches("a"))
        #expect(WildcardMatcher("*").matches(""))
        #expect(WildcardMatcher("a*b*a").matches("aba"))
        #expect(!WildcardMatcher("a*b*a").matches("ab"))
        #expect(WildcardMatcher("ab*ba").matches("aba") == false)
        #expect(WildcardMatcher("ab*ba").matches("abba"))
    }

    @Test func defaultSanitizeFieldNames() {
        let list = WildcardMatcherList(
            parsing: "password, passwd, pwd, secret, *key, *token*, *session*, *credit*, *card*, *auth*, set-cookie, *principal*")
        #expect(list.matchers.count == 12)
        for name in ["Password", "X-API-KEY", "Authorization", "csrftoken", "JSESSIONID", "Set-Cookie", "credit_card"] {
            #expect(list.matches(name), "\(name)")
        }
        for name in ["Accept", "Content-Type", "user", "keyboard"] {
            #expect(!list.matches(name), "\(name)")
        }
        #expect(list.firstMatch("x-auth-token")?.pattern == "*token*")
        #expect(
            list.description
                == "password, passwd, pwd, secret, *key, *token*, *session*, *credit*, *card*, *auth*, set-cookie, *principal*")
    }

    @Test func listParsing() {
        let list = WildcardMatcherList(parsing: " /health* ,, ,/metrics ")
        #expect(list.matchers.map(\.pattern) == ["/health*", "/metrics"])
        #expect(WildcardMatcherList(parsing: " , ").isEmpty)
        #expect(!WildcardMatcherList([]).matches(""))
        #expect(WildcardMatcherList([]).firstMatch("x") == nil)
        #expect(WildcardMatcherList(["(?-i)A", "ü*"]).firstMatch("Ünïcode")?.pattern == "ü*")
    }

    @Test func noBacktrackingBlowUp() {
        let value = String(repeating: "a", count: 200_000)
        let patterns = ["*a*a*a*b", "*a*a*a*a*a*a*a*a*a*a*b*", "a*aaaaaaaaaaaaaaaaaaab", "*aaaaaaaaaaaaaaaaaaaaaaab*"]
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for pattern in patterns {
                #expect(!WildcardMatcher(pattern).matches(value))
            }
            #expect(WildcardMatcher("*a*a*a*a").matches(value))
        }
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test func agreesWithReferenceMatcherOnRandomInputs() {
        var generator = SeededGenerator(seed: 42)
        let alphabet: [Unicode.Scalar] = ["a", "b", "A", "*", "é", "É"]
        for _ in 0..<3_000 {
            let pattern = generator.string(from: alphabet, length: Int.random(in: 0...6, using: &generator))
            let value = generator.string(from: alphabet.filter { $0 != "*" }, length: Int.random(in: 0...8, using: &generator))
            let expected = Self.referenceMatch(
                Array(pattern.lowercased().unicodeScalars), Array(value.lowercased().unicodeScalars))
            #expect(
                WildcardMatcher(pattern).matches(value) == expected, "\(pattern.debugDescription) vs \(value.debugDescription)")
        }
    }

    @Test func garbageNeverCrashes() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3_000 {
            let matcher = WildcardMatcher(generator.garbage(maxLength: 12))
            _ = matcher.matches(generator.garbage(maxLength: 30))
        }
    }

    /// Exhaustive recursive glob matching over scalars, used as an oracle.
    static func referenceMatch(_ pattern: [Unicode.Scalar], _ value: [Unicode.Scalar]) -> Bool {
        guard let head = pattern.first else { return value.isEmpty }
        if head == "*" {
            return (0...value.count).contains { referenceMatch(Array(pattern.dropFirst()), Array(value.dropFirst($0))) }
        }
        guard let first = value.first, first == head else { return false }
        return referenceMatch(Array(pattern.dropFirst()), Array(value.dropFirst()))
    }
}
