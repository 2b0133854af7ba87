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

/// A minimal, allocation-light JSON writer producing UTF-8 bytes.
///
/// Commas are inserted automatically: a value or key written after anything other than `{`, `[`
/// or `:` is preceded by `,`. Strings are escaped per RFC 8259; non-finite numbers become `null`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Where this writer's document starts in ``bytes`` (after adopted content).
    private var start = 0

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// Moves `buffer` into the writer (leaving `buffer` empty): the document is appended after
    /// its content. ``release(into:)`` hands the buffer back.
    mutating func adopt(_ buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
        start = bytes.count
    }

    /// Moves the writer's buffer, with the document appended, into `buffer`.
    mutating func release(into buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
        bytes.removeAll()
        start = 0
    }

    private mutating func separator() {
        guard bytes.count > start, let last = bytes.last else { return }
        if last != UInt8(ascii: "{") && last != UInt8(ascii: "[") && last != UInt8(ascii: ":") {
            bytes.append(UInt8(ascii: ","))
        }
    }

    mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func endObject() { bytes.append(UInt8(ascii: "}")) }

    mutating func beginArray() {
        separator()
        bytes.append(UInt8(ascii: "["))
    }

    mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    /// Writes `"key":` for a constant key (ASCII without characters that need escaping).
    mutating func key(_ key: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `"key":` for a key that comes from data (escaped).
    mutating func dynamicKey(_ key: String) {
        separator()
        appendEscaped(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes an id as a quoted lower-case hex string, without building a `String`.
    mutating func hex(_ id: APMSpanID) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        appendHexDigits(id.value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes a 128-bit id as a quoted lower-case hex string.
    mutating func hex(_ id: APMTraceID) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        appendHexDigits(id.high)
        appendHexDigits(id.low)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The 16 lower-case hex digits of `value`, computed on the stack and appended at once.
    private mutating func appendHexDigits(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { digits in
            var shift: UInt64 = 60
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> shift) & 0xF
                digits[index] = nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &- 10 &+ nibble
                shift &-= 4
            }
            bytes.append(contentsOf: UnsafeBufferPointer(digits))
        }
    }

    mutating func string(_ value: String) {
        separator()
        appendEscaped(value)
    }

    mutating func bool(_ value: Bool) {
        separator()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    mutating func null() {
        separator()
        bytes.append(contentsOf: Self.nullBytes)
    }

    mutating func int(_ value: Int64) {
        separator()
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    /// Writes a finite double in the shortest round-trip form; NaN and infinities become `null`.
    mutating func double(_ value: Double) {
        guard value.isFinite else {
            null()
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int64(value))
            return
        }
        separator()
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes pre-encoded JSON as a value.
    mutating func raw(_ json: [UInt8]) {
        separator()
        bytes.append(contentsOf: json)
    }

    // Convenience: constant key + value (optional values are omitted when nil).
    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: String?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: Int64) { key(name); int(value) }
    mutating func field(_ name: StaticString, _ value: Int) { key(name); int(Int64(value)) }
    mutating func field(_ name: StaticString, _ value: Int?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: Double) { key(name); double(value) }
    mutating func field(_ name: StaticString, _ value: Double?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: StaticString, _ value: Bool?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: APMSpanID) { key(name); hex(value) }
    mutating func field(_ name: StaticString, _ value: APMSpanID?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: APMTraceID) { key(name); hex(value) }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)],
                    ])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
