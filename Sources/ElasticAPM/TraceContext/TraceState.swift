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

/// A W3C `tracestate` list, with access to Elastic's own `es` entry.
///
/// Parsing validates the whole list as W3C Trace Context requires: keys are either
/// `[a-z][a-z0-9_\-*/]{0,255}` or `tenant@system` (tenant 1–241 characters starting with a
/// lower-case letter or digit, system 1–14 characters starting with a lower-case letter), values
/// are 1–256 printable ASCII characters other than `,` and `=` and do not end in a space,
/// optional whitespace around members is ignored, empty members are tolerated and a repeated key
/// makes the list invalid. An invalid list is never propagated. Following Elastic's distributed
/// tracing spec the 32-member limit is not enforced, so no vendor's entry is ever dropped.
///
/// The `es` entry holds `key:value` pairs joined by `;`, for example `es=s:0.5`, where `s` is the
/// sample rate of the trace root.
struct TraceState: Sendable, Hashable {
    /// The W3C limit on the length of a value, also Elastic's limit on the `es` value.
    static let maxValueLength = 256

    /// The members joined by `,` without surrounding whitespace or empty members; `nil` when
    /// the list is empty or invalid. A header that is already in this form is kept as it is.
    private var normalized: String?

    /// `false` when the header broke a W3C rule; an invalid list is empty and never propagated.
    private(set) var isValid: Bool

    /// The `s` value of the `es` entry when it is a decimal number in `0...1`; otherwise `nil`.
    private(set) var elasticSampleRate: Double?

    /// `true` when the valid list holds an `es` entry (whatever its content), meaning an Elastic
    /// agent took part upstream; used by the `restart_external` trace continuation strategy.
    private(set) var containsElasticEntry: Bool

    /// An empty, valid list.
    init() {
        normalized = nil
        isValid = true
        elasticSampleRate = nil
        containsElasticEntry = false
    }

    /// Parses one `tracestate` header value; `nil` gives an empty list.
    ///
    /// Never fails: a value that breaks a W3C rule gives a list with ``isValid`` `false`.
    init(header: String?) {
        self.init()
        guard var header else { return }
        guard let parsed = header.withUTF8({ Self.parse($0) }) else {
            isValid = false
            return
        }
        if parsed.memberCount > 0 { normalized = parsed.rebuilt ?? header }
        elasticSampleRate = parsed.elasticSampleRate
        containsElasticEntry = parsed.containsElasticEntry
    }

    /// Parses several `tracestate` header values of one request, combined in order as W3C
    /// requires (as if joined with `,`).
    init(headerValues: [String]) {
        switch headerValues.count {
        case 0: self.init()
        case 1: self.init(header: headerValues[0])
        default: self.init(header: headerValues.joined(separator: ","))
        }
    }

    /// The value to send in an outgoing `tracestate` header, or `nil` when there is nothing valid
    /// to send (a blank `tracestate` is never propagated).
    var headerValue: String? { normalized }

    /// A copy whose `es` entry carries `s:<rate>` and is moved to the front, as W3C requires for
    /// a mutated entry.
    ///
    /// The rate is rounded to four decimals and written without trailing zeros (`1`, `0.5`,
    /// `0.0001`); values outside `0...1` are clamped and NaN counts as `0`. Other `es` sub-keys
    /// are kept in order unless they are malformed or would push the `es` value past 256
    /// characters. Other vendors' members are kept; an invalid list is replaced by `es` alone.
    func settingElasticSampleRate(_ rate: Double) -> TraceState {
        var result = TraceState()
        let prefix = "es=s:" + SampleRate.formatted(rate)
        if var normalized {
            result.normalized = normalized.withUTF8 { Self.replacingElasticEntry(in: $0, with: prefix) }
        } else {
            result.normalized = prefix
        }
        result.elasticSampleRate = SampleRate.rounded(rate)
        result.containsElasticEntry = true
        return result
    }

    /// `prefix` (`es=s:<rate>`) extended by the old `es` sub-keys that fit, followed by the other
    /// members of a normalized list.
    private static func replacingElasticEntry(in list: UnsafeBufferPointer<UInt8>, with prefix: String) -> String {
        var prefix = prefix
        return prefix.withUTF8 { prefix in
            // The new text is never longer than the prefix, the old list and one separator.
            String(unsafeUninitializedCapacity: prefix.count + list.count + 1) { output in
                var length = 0
                func append(_ byte: UInt8) {
                    output[length] = byte
                    length += 1
                }
                prefix.forEach(append)
                let esValueStart = 3
                // First pass: well-formed `key:value` sub-keys of the old `es` other than `s`,
                // each kept only if the `es` value stays within 256 characters.
                forEachMember(of: list) { start, end in
                    guard isElasticMember(list, start, end) else { return }
                    var pairStart = start + 3
                    while pairStart < end {
                        var pairEnd = pairStart, colons = 0, colon = pairStart
                        while pairEnd < end, list[pairEnd] != ASCII.semicolon {
                            if list[pairEnd] == ASCII.colon { colons += 1; colon = pairEnd }
                            pairEnd += 1
                        }
                        let isRate = colon == pairStart + 1 && list[pairStart] == UInt8(ascii: "s")
                        if colons == 1, colon > pairStart, !isRate,
                            length - esValueStart + 1 + (pairEnd - pairStart) <= maxValueLength
                        {
                            append(ASCII.semicolon)
                            list[pairStart..<pairEnd].forEach(append)
                        }
                        pairStart = pairEnd + 1
                    }
                }
                // Second pass: the other vendors' members in order.
                forEachMember(of: list) { start, end in
                    guard !isElasticMember(list, start, end) else { return }
                    append(ASCII.comma)
                    list[start..<end].forEach(append)
                }
                return length
            }
        }
    }

    /// Calls `body` with the bounds of each `,`-separated, non-empty member of a normalized list.
    private static func forEachMember(of list: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var start = 0
        while start < list.count {
            var end = start
            while end < list.count, list[end] != ASCII.comma { end += 1 }
            if end > start { body(start, end) }
            start = end + 1
        }
    }

    private static func isElasticMember(_ list: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end - start > 3 && list[start] == UInt8(ascii: "e") && list[start + 1] == UInt8(ascii: "s")
            && list[start + 2] == ASCII.equals
    }

    // MARK: - Parsing

    private struct Parsed {
        var memberCount: Int
        /// The normalized list when it differs from the header.
        var rebuilt: String?
        var elasticSampleRate: Double?
        var containsElasticEntry: Bool
    }

    /// Offsets of one member in the header bytes: `key` is `start..<equals`, `value` is
    /// `equals + 1..<end`.
    private struct Member {
        var start: Int
        var equals: Int
        var end: Int
    }

    /// Validates and normalizes a header in one pass over its bytes; `nil` when any W3C rule is
    /// broken. Member positions live in a temporary (usually stack) buffer.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var capacity = 1
        for byte in bytes where byte == ASCII.comma { capacity += 1 }
        return withUnsafeTemporaryAllocation(of: Member.self, capacity: capacity) { members -> Parsed? in
            var parsed = Parsed(memberCount: 0, rebuilt: nil, elasticSampleRate: nil, containsElasticEntry: false)
            var needsRebuild = false
            var keyHashes: Set<Int>?
            var start = 0
            while true {
                var end = start
                while end < bytes.count, bytes[end] != ASCII.comma { end += 1 }
                var low = start, high = end
                while low < high, ASCII.isOWS(bytes[low]) { low += 1 }
                while high > low, ASCII.isOWS(bytes[high - 1]) { high -= 1 }
                if low == high || low != start || high != end { needsRebuild = true }
                if low < high {
                    var equals = low
                    while equals < high, bytes[equals] != ASCII.equals { equals += 1 }
                    guard equals < high,
                        isValidKey(UnsafeBufferPointer(rebasing: bytes[low..<equals])),
                        isValidValue(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<high]))
                    else { return nil }
                    let member = Member(start: low, equals: equals, end: high)
                    let previous = UnsafeBufferPointer(rebasing: members[0..<parsed.memberCount])
                    guard isNewKey(of: member, among: previous, in: bytes, hashes: &keyHashes) else { return nil }
                    if equals - low == 2, bytes[low] == UInt8(ascii: "e"), bytes[low + 1] == UInt8(ascii: "s") {
                        parsed.containsElasticEntry = true
                        let value = UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<high])
                        parsed.elasticSampleRate = sampleRate(inElasticValue: value)
                    }
                    members[parsed.memberCount] = member
                    parsed.memberCount += 1
                }
                guard end < bytes.count else { break }
                start = end + 1
            }
            if needsRebuild, parsed.memberCount > 0 {
                parsed.rebuilt = join(UnsafeBufferPointer(rebasing: members[0..<parsed.memberCount]), of: bytes)
            }
            return parsed
        }
    }

    /// The members' text joined by `,`.
    private static func join(_ members: UnsafeBufferPointer<Member>, of bytes: UnsafeBufferPointer<UInt8>) -> String {
        var length = members.count - 1
        for member in members { length += member.end - member.start }
        return String(unsafeUninitializedCapacity: length) { output in
            var position = 0
            for (index, member) in members.enumerated() {
                if index > 0 {
                    output[position] = ASCII.comma
                    position += 1
                }
                for offset in member.start..<member.end {
                    output[position] = bytes[offset]
                    position += 1
                }
            }
            return position
        }
    }

    /// Duplicate detection: a scan of earlier keys for short lists; for long lists a set of
    /// (randomly seeded) key hashes, with a scan only when a hash repeats.
    private static func isNewKey(
        of member: Member, among previous: UnsafeBufferPointer<Member>, in bytes: UnsafeBufferPointer<UInt8>,
        hashes: inout Set<Int>?
    ) -> Bool {
        func key(_ member: Member) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[member.start..<member.equals])
        }
        func hash(_ member: Member) -> Int {
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(key(member)))
            return hasher.finalize()
        }
        let newKey = key(member)
        if hashes == nil, previous.count >= 16 {
            hashes = Set(previous.map(hash))
        }
        if let inserted = hashes?.insert(hash(member)).inserted, inserted { return true }
        return !previous.contains { key($0).elementsEqual(newKey) }
    }

    /// W3C key grammar: a simple key or a multi-tenant `tenant@system` key.
    private static func isValidKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = key.firstIndex(of: ASCII.at) else {
            return isValidKeyPart(key[...], maxLength: 256, allowLeadingDigit: false)
        }
        return isValidKeyPart(key[..<at], maxLength: 241, allowLeadingDigit: true)
            && isValidKeyPart(key[(at + 1)...], maxLength: 14, allowLeadingDigit: false)
    }

    private static func isValidKeyPart(
        _ part: Slice<UnsafeBufferPointer<UInt8>>, maxLength: Int, allowLeadingDigit: Bool
    ) -> Bool {
        guard let first = part.first, part.count <= maxLength else { return false }
        guard ASCII.isLowerAlpha(first) || (allowLeadingDigit && ASCII.isDigit(first)) else { return false }
        for byte in part.dropFirst() {
            guard
                ASCII.isLowerAlpha(byte) || ASCII.isDigit(byte)
                    || byte == UInt8(ascii: "_") || byte == ASCII.dash
                    || byte == UInt8(ascii: "*") || byte == ASCII.slash
            else { return false }
        }
        return true
    }

    /// W3C value grammar: 1–256 characters in 0x20–0x7E except `,` and `=`, not ending in a space.
    private static func isValidValue(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = value.last, last != ASCII.space, value.count <= maxValueLength else { return false }
        for byte in value {
            guard byte >= 0x20, byte <= 0x7E, byte != ASCII.comma, byte != ASCII.equals else { return false }
        }
        return true
    }

    /// The `s` sub-key of an `es` value when it is a plain decimal (`0.5`, `1`, `.25`) in `0...1`.
    private static func sampleRate(inElasticValue value: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0
        while start < value.count {
            var end = start
            while end < value.count, value[end] != ASCII.semicolon { end += 1 }
            if end - start > 2, value[start] == UInt8(ascii: "s"), value[start + 1] == ASCII.colon {
                return parseRate(UnsafeBufferPointer(rebasing: value[(start + 2)..<end]))
            }
            start = end + 1
        }
        return nil
    }

    private static func parseRate(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var digits = 0, points = 0
        for byte in text {
            if ASCII.isDigit(byte) { digits += 1 } else if byte == UInt8(ascii: ".") { points += 1 } else { return nil }
        }
        guard digits > 0, points <= 1, let rate = Double(String(decoding: text, as: UTF8.self)), (0...1).contains(rate)
        else { return nil }
        return rate
    }
}
