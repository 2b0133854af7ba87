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

/// A deterministic SplitMix64 generator, so property tests are reproducible from their seed.
package struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A string of `length` random scalars drawn from `pool`.
    package mutating func string(from pool: [Unicode.Scalar], length: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length { scalars.append(pool.randomElement(using: &self)!) }
        return String(scalars)
    }

    /// Random printable and control ASCII plus a mix of multi-byte scalars.
    package mutating func garbage(maxLength: Int) -> String {
        string(from: Self.garbagePool, length: Int.random(in: 0...maxLength, using: &self))
    }

    /// ASCII (controls included), Latin-1, combining marks, CJK, emoji and the Kelvin sign.
    package static let garbagePool: [Unicode.Scalar] = {
        var pool = (UInt32(0)...0x7F).compactMap(Unicode.Scalar.init)
        pool += ([0xE9, 0xC9, 0xDF, 0x301, 0x308, 0x4E2D, 0x6587, 0x1F600, 0x1F44D, 0x212A, 0x2026, 0xFEFF] as [UInt32])
            .compactMap(Unicode.Scalar.init)
        return pool
    }()
}
