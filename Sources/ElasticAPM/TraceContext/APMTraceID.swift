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

/// A 128-bit W3C trace identifier, also used for error ids.
///
/// Encoded on the wire as 32 lower-case hexadecimal characters. The all-zero value is invalid
/// per the W3C Trace Context specification.
public struct APMTraceID: Hashable, Sendable, CustomStringConvertible {
    /// The most significant 64 bits.
    let high: UInt64
    /// The least significant 64 bits.
    let low: UInt64

    /// Creates a trace id from its two halves.
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 hexadecimal characters (either case); returns `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32,
            let high = HexCoding.parseUInt64(utf8[0..<16]),
            let low = HexCoding.parseUInt64(utf8[16..<32])
        else { return nil }
        self.init(high: high, low: low)
    }

    /// A new random, valid (non-zero) trace id.
    package static func random() -> APMTraceID {
        var id = APMTraceID(high: FastRandom.next(), low: FastRandom.next())
        while !id.isValid { id = APMTraceID(high: FastRandom.next(), low: FastRandom.next()) }
        return id
    }

    /// `false` for the all-zero id, which W3C forbids.
    var isValid: Bool { high != 0 || low != 0 }

    /// The 32-character lower-case hexadecimal form.
    package var hexString: String { HexCoding.string(high) + HexCoding.string(low) }

    /// The id as 32 lower-case hex characters.
    public var description: String { hexString }
}

/// A 64-bit span, transaction or parent identifier, encoded as 16 lower-case hex characters.
public struct APMSpanID: Hashable, Sendable, CustomStringConvertible {
    /// The raw value.
    let value: UInt64

    /// Creates a span id from its raw value.
    init(_ value: UInt64) { self.value = value }

    /// Parses 16 hexadecimal characters (either case); returns `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 16, let value = HexCoding.parseUInt64(utf8[0..<16]) else { return nil }
        self.init(value)
    }

    /// A new random, valid (non-zero) span id.
    package static func random() -> APMSpanID {
        var value = FastRandom.next()
        while value == 0 { value = FastRandom.next() }
        return APMSpanID(value)
    }

    /// `false` for the all-zero id, which W3C forbids.
    var isValid: Bool { value != 0 }

    /// The 16-character lower-case hexadecimal form.
    package var hexString: String { HexCoding.string(value) }

    /// The id as 16 lower-case hex characters.
    public var description: String { hexString }
}
