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

/// A minimal JSON writer producing UTF-8 bytes into a ``JSONStorage`` (its own, or one the encoder reuses).
///
/// Commas are inserted automatically: a value or key written after anything other than `{`, `[`
/// or `:` is preceded by `,`. Strings are escaped per RFC 8259; non-finite numbers become `null`.
///
/// Every call checks the capacity once and then stores through a pointer: the encoder writes a few
/// dozen keys and values per event on the writer thread, and an array append per byte (a uniqueness
/// and a capacity check each) cost more than the bytes themselves.
struct JSONWriter: ~Copyable {
    private let storage: JSONStorage
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written.
    private(set) var count = 0

    /// A writer with storage of its own.
    init(capacity: Int = 512) {
        self.init(storage: JSONStorage(capacity: capacity))
    }

    /// A writer starting an empty document in `storage` (what it held before is overwritten): the encoder keeps
    /// one storage, so encoding an event allocates nothing once the storage fits the longest line.
    init(storage: JSONStorage) {
        self.storage = storage
        base = storage.base
        capacity = storage.capacity
    }

    /// The document written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Appends the document written so far to `buffer`.
    func append(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    /// Room for `extra` more bytes: where they go.
    @inline(__always)
    private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count &+ extra > capacity { grow(toHold: count &+ extra) }
        return base + count
    }

    @inline(never)
    private mutating func grow(toHold needed: Int) {
        storage.grow(toHold: needed, keeping: count)
        base = storage.base
        capacity = storage.capacity
    }

    /// Room for `extra` bytes after a `,` when one is needed (written here): where they go.
    @inline(__always)
    private mutating func reserveValue(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        let comma = needsComma
        var end = reserve(extra &+ 1)
        if comma {
            end.pointee = UInt8(ascii: ",")
            end += 1
        }
        return end
    }

    /// Marks the bytes up to `end` (a pointer returned by ``reserve(_:)``, advanced) as written.
    @inline(__always)
    private mutating func commit(upTo end: UnsafeMutablePointer<UInt8>) {
        count = end - base
    }

    /// Whether the next key or value follows another one and needs a `,` first.
    private var needsComma: Bool {
        guard count > 0 else { return false }
        let last = base[count &- 1]
        return last != UInt8(ascii: "{") && last != UInt8(ascii: "[") && last != UInt8(ascii: ":")
    }

    /// Writes `,` when needed, then `byte` (an opening bracket).
    private mutating func open(_ byte: UInt8) {
        let end = reserveValue(1)
        end.pointee = byte
        commit(upTo: end + 1)
    }

    private mutating func close(_ byte: UInt8) {
        reserve(1).pointee = byte
        count &+= 1
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func beginArray() { open(UInt8(ascii: "[")) }

    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes `"key":` for a constant key (ASCII without characters that need escaping).
    mutating func key(_ key: StaticString) {
        precondition(key.hasPointerRepresentation, "JSON keys are string literals")
        let length = key.utf8CodeUnitCount
        var end = reserveValue(length &+ 3)
        end.pointee = UInt8(ascii: "\"")
        (end + 1).update(from: key.utf8Start, count: length)
        end += length &+ 1
        end[0] = UInt8(ascii: "\"")
        end[1] = UInt8(ascii: ":")
        commit(upTo: end + 2)
    }

    /// Writes `"key":` for a key that comes from data (escaped).
    mutating func dynamicKey(_ key: String) {
        string(key)
        close(UInt8(ascii: ":"))
    }

    /// Writes an id as a quoted lower-case hex string, without building a `String`.
    mutating func hex(_ id: APMSpanID) {
        var end = quotedHex(digits: 16)
        Self.putHexDigits(id.value, at: &end)
    }

    /// Writes a 128-bit id as a quoted lower-case hex string.
    mutating func hex(_ id: APMTraceID) {
        var end = quotedHex(digits: 32)
        Self.putHexDigits(id.high, at: &end)
        Self.putHexDigits(id.low, at: &end)
    }

    /// Writes `,` when needed and both quotes of a hex string of `digits` digits; returns where the digits go.
    private mutating func quotedHex(digits: Int) -> UnsafeMutablePointer<UInt8> {
        let end = reserveValue(digits &+ 2)
        end.pointee = UInt8(ascii: "\"")
        end[digits &+ 1] = UInt8(ascii: "\"")
        commit(upTo: end + digits + 2)
        return end + 1
    }

    /// Stores the 16 lower-case hex digits of `value` at `end` and advances it.
    private static func putHexDigits(_ value: UInt64, at end: inout UnsafeMutablePointer<UInt8>) {
        var shift: UInt64 = 60
        for index in 0..<16 {
            end[index] = hexDigit(UInt8(truncatingIfNeeded: value >> shift) & 0xF)
            shift &-= 4
        }
        end += 16
    }

    mutating func string(_ value: String) {
        if needsComma { close(UInt8(ascii: ",")) }
        appendEscaped(value)
    }

    mutating func bool(_ value: Bool) {
        literal(value ? "true" : "false")
    }

    mutating func null() {
        literal("null")
    }

    /// Writes `,` when needed, then `text` as it is.
    private mutating func literal(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        let end = reserveValue(length)
        end.update(from: text.utf8Start, count: length)
        commit(upTo: end + length)
    }

    mutating func int(_ value: Int64) {
        writeInteger(value.magnitude, negative: value < 0)
    }

    /// Writes `,` when needed, a `-` when `negative`, then the decimal digits of `magnitude`.
    private mutating func writeInteger(_ magnitude: UInt64, negative: Bool) {
        // A sign and 20 digits at most.
        var end = reserveValue(21)
        if negative {
            end.pointee = UInt8(ascii: "-")
            end += 1
        }
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits &+= 1
            rest /= 10
        }
        Self.putDigits(of: magnitude, count: digits, at: end)
        commit(upTo: end + digits)
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
        // Durations in milliseconds measured in microseconds: three decimals written from an integer, the same
        // text as `description` (the exact decimal is the shortest that reads back as `value`).
        let thousandths = value * 1000
        if abs(thousandths) < 1e15, thousandths == thousandths.rounded(), thousandths / 1000 == value {
            writeThousandths(Int64(thousandths))
            return
        }
        var text = value.description
        text.withUTF8 { utf8 in
            let end = reserveValue(utf8.count)
            if let source = utf8.baseAddress { end.update(from: source, count: utf8.count) }
            commit(upTo: end + utf8.count)
        }
    }

    /// Writes `thousandths / 1000` as a decimal with its trailing zeros cut (`thousandths` not a multiple of 1000).
    private mutating func writeThousandths(_ thousandths: Int64) {
        let magnitude = thousandths.magnitude
        var fraction = magnitude % 1000
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits &-= 1
        }
        writeInteger(magnitude / 1000, negative: thousandths < 0)
        var end = reserve(4)
        end.pointee = UInt8(ascii: ".")
        end += 1
        Self.putDigits(of: fraction, count: digits, at: end)
        commit(upTo: end + digits)
    }

    /// Stores the last `count` decimal digits of `value` at `end`, most significant first.
    private static func putDigits(of value: UInt64, count: Int, at end: UnsafeMutablePointer<UInt8>) {
        var value = value
        var index = count
        repeat {
            index &-= 1
            end[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            value /= 10
        } while index > 0
    }

    /// Writes pre-encoded JSON as a value.
    mutating func raw(_ json: [UInt8]) {
        json.withUnsafeBufferPointer { json in
            let end = reserveValue(json.count)
            if let source = json.baseAddress { end.update(from: source, count: json.count) }
            commit(upTo: end + json.count)
        }
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

    /// Writes `value` quoted and escaped: copied whole when nothing in it needs escaping (the usual case),
    /// else byte by byte with room for the longest escape (`\u00XX`) reserved up front.
    private mutating func appendEscaped(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            let length = utf8.count
            var clean = 0
            while clean < length, !Self.needsEscape(utf8[clean]) { clean &+= 1 }
            if clean == length {
                var end = reserve(length &+ 2)
                end.pointee = UInt8(ascii: "\"")
                if let source = utf8.baseAddress { (end + 1).update(from: source, count: length) }
                end += length &+ 1
                end.pointee = UInt8(ascii: "\"")
                commit(upTo: end + 1)
                return
            }
            var end = reserve(clean &+ (length &- clean) &* 6 &+ 2)
            end.pointee = UInt8(ascii: "\"")
            end += 1
            if let source = utf8.baseAddress { end.update(from: source, count: clean) }
            end += clean
            for index in clean..<length {
                let byte = utf8[index]
                guard Self.needsEscape(byte) else {
                    end.pointee = byte
                    end += 1
                    continue
                }
                end.pointee = UInt8(ascii: "\\")
                switch byte {
                case UInt8(ascii: "\""): end[1] = UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): end[1] = UInt8(ascii: "\\")
                case 0x0A: end[1] = UInt8(ascii: "n")
                case 0x0D: end[1] = UInt8(ascii: "r")
                case 0x09: end[1] = UInt8(ascii: "t")
                case 0x08: end[1] = UInt8(ascii: "b")
                case 0x0C: end[1] = UInt8(ascii: "f")
                default:
                    end[1] = UInt8(ascii: "u")
                    end[2] = UInt8(ascii: "0")
                    end[3] = UInt8(ascii: "0")
                    end[4] = Self.hexDigit(byte >> 4)
                    end[5] = Self.hexDigit(byte & 0xF)
                    end += 4
                }
                end += 2
            }
            end.pointee = UInt8(ascii: "\"")
            commit(upTo: end + 1)
        }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &- 10 &+ nibble
    }
}

/// The memory a ``JSONWriter`` writes into, kept from one document to the next.
///
/// Not `Sendable`: one owner at a time (the writer thread's encoder).
final class JSONStorage {
    fileprivate private(set) var base: UnsafeMutablePointer<UInt8>
    fileprivate private(set) var capacity: Int

    /// Storage of `capacity` bytes (at least 64).
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Grows to hold `needed` bytes at least (doubling), keeping the first `count`.
    fileprivate func grow(toHold needed: Int, keeping count: Int) {
        var newCapacity = capacity &* 2
        while newCapacity < needed { newCapacity &*= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Gives memory back after a long line: shrinks to `capacity` bytes when it holds more than `limit`.
    func shrink(to capacity: Int, above limit: Int) {
        guard self.capacity > limit else { return }
        base.deallocate()
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }
}
