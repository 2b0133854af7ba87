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

struct FieldLimitsTests {
    @Test func constants() {
        #expect(FieldLimits.keywordLength == 1024)
        #expect(FieldLimits.longFieldLength == 10_000)
    }

    @Test func examples() {
        #expect(FieldLimits.truncate("hello", maxScalars: 5) == "hello")
        #expect(FieldLimits.truncate("hello!", maxScalars: 5) == "hell…")
        #expect(FieldLimits.truncate("", maxScalars: 0) == "")
        #expect(FieldLimits.truncate("a", maxScalars: 0) == "")
        #expect(FieldLimits.truncate("ab", maxScalars: 1) == "…")
        #expect(FieldLimits.truncate("a", maxScalars: 1) == "a")
        #expect(FieldLimits.truncate("a", maxScalars: -3) == "")
        // Multi-byte scalars count once each.
        #expect(FieldLimits.truncate("ééééé", maxScalars: 5) == "ééééé")
        #expect(FieldLimits.truncate("😀😀😀😀😀😀", maxScalars: 5) == "😀😀😀😀…")
        // Combining marks are scalars of their own.
        #expect(FieldLimits.truncate("e\u{301}e\u{301}e\u{301}", maxScalars: 4) == "e\u{301}e…")
        #expect(
            FieldLimits.truncate(String(repeating: "x", count: 2_000), maxScalars: FieldLimits.keywordLength).unicodeScalars.count
                == 1024)
    }

    @Test func randomUnicodeProperties() {
        var generator = SeededGenerator(seed: 0xF1E1D)
        let pool: [Unicode.Scalar] = [
            "a", "Z", " ", "\u{E9}", "\u{301}", "\u{4E2D}", "\u{1F600}", "\u{1F3FD}", "\u{200D}", "\u{2026}", "\u{0}",
            "\u{10FFFF}",
        ]
        for _ in 0..<5_000 {
            let text = generator.string(from: pool, length: Int.random(in: 0...40, using: &generator))
            let limit = Int.random(in: 0...45, using: &generator)
            let result = FieldLimits.truncate(text, maxScalars: limit)
            let scalars = Array(text.unicodeScalars), kept = Array(result.unicodeScalars)
            if scalars.count <= max(limit, 0) {
                #expect(result == text)
            } else {
                #expect(kept.count == limit, "\(text.debugDescription) limit \(limit)")
                if limit > 0 {
                    #expect(kept.last == "\u{2026}")
                    #expect(Array(kept.dropLast()) == Array(scalars.prefix(limit - 1)))
                }
            }
        }
    }
}
