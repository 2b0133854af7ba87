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

/// Byte-level ASCII helpers for parsing protocol text without allocating.
enum ASCII {
    /// The space byte.
    static let space = UInt8(ascii: " ")
    /// The byte for a horizontal tab.
    static let tab = UInt8(ascii: "\t")
    /// The byte `,`.
    static let comma = UInt8(ascii: ",")
    /// The byte `=`.
    static let equals = UInt8(ascii: "=")
    /// The byte `-`.
    static let dash = UInt8(ascii: "-")
    /// The byte `:`.
    static let colon = UInt8(ascii: ":")
    /// The byte `;`.
    static let semicolon = UInt8(ascii: ";")
    /// The byte `/`.
    static let slash = UInt8(ascii: "/")
    /// The byte `@`.
    static let at = UInt8(ascii: "@")

    /// `true` for HTTP optional whitespace (space or horizontal tab).
    @inline(__always)
    static func isOWS(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// `true` for `0`–`9`.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// `true` for `a`–`z`.
    @inline(__always)
    static func isLowerAlpha(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }

    /// `true` for a hexadecimal digit of either case.
    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool { HexCoding.nibble(byte) != nil }

    /// The byte with `A`–`Z` mapped to `a`–`z`; every other byte unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Compares `text` with `lowercaseLiteral`, folding ASCII upper case in `text` only.
    ///
    /// `lowercaseLiteral` must already be lower case; no allocation happens.
    static func equalsIgnoringCase(_ text: some StringProtocol, lowercaseLiteral: String) -> Bool {
        let lhs = text.utf8, rhs = lowercaseLiteral.utf8
        guard lhs.count == rhs.count else { return false }
        return lhs.elementsEqual(rhs) { lowercased($0) == $1 }
    }
}
