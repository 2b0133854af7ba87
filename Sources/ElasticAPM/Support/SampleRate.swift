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

/// Rounding and formatting of sampling rates to the spec's four decimal places.
///
/// Rounding works on the shortest decimal representation of the value (the digits a person
/// wrote), not on the binary double, so `0.00015` rounds to `0.0002` even though
/// `0.00015 * 10000` is `1.4999999999999998` in IEEE arithmetic.
enum SampleRate {
    /// The rate in units of 0.0001, rounded half away from zero: a value in `0...10_000`.
    ///
    /// Values in (0, 0.0001) give `1`, values ≥ 1 give `10_000`; zero, negatives and NaN give `0`.
    static func tenThousandths(_ rate: Double) -> Int {
        guard rate > 0 else { return 0 }
        guard rate < 1 else { return 10_000 }
        let text = rate.description
        var pointPosition = 0
        var exponent = 0
        var seenPoint = false
        var inExponent = false
        var exponentSign = 1
        // First pass: locate the decimal point and exponent of the shortest representation.
        for byte in text.utf8 {
            if inExponent {
                if byte == UInt8(ascii: "-") {
                    exponentSign = -1
                } else if ASCII.isDigit(byte) {
                    exponent = exponent * 10 + Int(byte &- UInt8(ascii: "0"))
                }
            } else if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                inExponent = true
            } else if ASCII.isDigit(byte), !seenPoint {
                pointPosition += 1
            }
        }
        pointPosition += exponentSign * exponent
        // Second pass: accumulate the digits worth at least 0.0001 and look at the next one.
        var units = 0
        var roundUp = false
        var digitIndex = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard ASCII.isDigit(byte) else { continue }
            let digit = Int(byte &- UInt8(ascii: "0"))
            let power = pointPosition + 3 - digitIndex
            guard power >= 0 else {
                roundUp = power == -1 && digit >= 5
                break
            }
            units += digit * pow10(power)
            digitIndex += 1
        }
        if roundUp { units += 1 }
        return min(10_000, max(1, units))
    }

    /// The rate rounded to four decimals (see ``tenThousandths(_:)``).
    static func rounded(_ rate: Double) -> Double {
        Double(tenThousandths(rate)) / 10_000
    }

    /// The rounded rate as the shortest decimal text: `"1"`, `"0.5"`, `"0.0001"`, `"0"`.
    static func formatted(_ rate: Double) -> String {
        let units = tenThousandths(rate)
        if units == 0 { return "0" }
        if units == 10_000 { return "1" }
        var digits: [UInt8] = Array("0.0000".utf8)
        var remaining = units
        for index in stride(from: 5, through: 2, by: -1) {
            digits[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return String(decoding: digits, as: UTF8.self)
    }

    private static func pow10(_ power: Int) -> Int {
        var result = 1
        for _ in 0..<power { result *= 10 }
        return result
    }
}
