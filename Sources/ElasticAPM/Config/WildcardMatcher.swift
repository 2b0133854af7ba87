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

/// An Elastic wildcard pattern, as used by options such as `sanitize_field_names` and
/// `transaction_ignore_urls`.
///
/// `*` matches any run of characters, including none; every other character, `?` included,
/// matches itself. Matching ignores case unless the pattern starts with `(?-i)`; a leading
/// `(?i)` is accepted and means the default. Matching runs in time linear in the value for
/// each literal part of the pattern, with no backtracking.
struct WildcardMatcher: Sendable, Hashable, CustomStringConvertible {
    private static let caseSensitivePrefix = "(?-i)"
    private static let caseInsensitivePrefix = "(?i)"

    /// The pattern as written, including any case prefix.
    let pattern: String
    /// Whether upper and lower case are distinguished.
    let isCaseSensitive: Bool
    /// The UTF-8 literal parts between the `*`s (lower-cased unless case-sensitive); one more
    /// than the number of `*`s.
    private let parts: [[UInt8]]

    /// Compiles a pattern; every string is a valid pattern.
    init(_ pattern: String) {
        self.pattern = pattern
        var body = Substring(pattern)
        if body.hasPrefix(Self.caseSensitivePrefix) {
            isCaseSensitive = true
            body = body.dropFirst(Self.caseSensitivePrefix.count)
        } else {
            isCaseSensitive = false
            if body.hasPrefix(Self.caseInsensitivePrefix) { body = body.dropFirst(Self.caseInsensitivePrefix.count) }
        }
        let text = isCaseSensitive ? String(body) : body.lowercased()
        parts = text.utf8.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init)
    }

    /// The pattern as written.
    var description: String { pattern }

    /// Whether `value` matches the whole pattern.
    func matches(_ value: String) -> Bool {
        var lowercased: String?
        return matches(value, isASCII: Self.isASCII(value), lowercased: &lowercased)
    }

    /// Matching with the per-value work shared across a list of matchers: `isASCII` is
    /// ``isASCII(_:)`` of `value`, and `lowercased` caches `value.lowercased()` once computed.
    func matches(_ value: String, isASCII: Bool, lowercased: inout String?) -> Bool {
        if isCaseSensitive { return matchUTF8(of: value, foldASCII: false) }
        // ASCII values fold on the fly; others are lower-cased the same way the pattern was.
        if isASCII { return matchUTF8(of: value, foldASCII: true) }
        let folded = lowercased ?? value.lowercased()
        lowercased = folded
        return matchUTF8(of: folded, foldASCII: false)
    }

    /// Whether every byte of `value` is ASCII.
    static func isASCII(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 < 0x80 }
    }

    private func matchUTF8(of value: String, foldASCII: Bool) -> Bool {
        var value = value
        return value.withUTF8 { match($0, foldASCII: foldASCII) }
    }

    /// Anchors the first part at the start and the last at the end, then finds each middle part
    /// at its leftmost position after the previous one. Leftmost placement is always safe for
    /// `*`-only patterns, so no backtracking is needed.
    private func match(_ value: UnsafeBufferPointer<UInt8>, foldASCII: Bool) -> Bool {
        guard parts.count > 1 else {
            return value.count == parts[0].count && occurs(parts[0], in: value, at: 0, foldASCII: foldASCII)
        }
        let first = parts[0], last = parts[parts.count - 1]
        guard value.count >= first.count + last.count,
            occurs(first, in: value, at: 0, foldASCII: foldASCII),
            occurs(last, in: value, at: value.count - last.count, foldASCII: foldASCII)
        else { return false }
        var position = first.count
        let limit = value.count - last.count
        for part in parts[1..<(parts.count - 1)] where !part.isEmpty {
            guard let found = find(part, in: value, from: position, limit: limit, foldASCII: foldASCII) else { return false }
            position = found + part.count
        }
        return true
    }

    /// The first offset in `from..<limit` where `part` occurs entirely before `limit`.
    private func find(_ part: [UInt8], in value: UnsafeBufferPointer<UInt8>, from: Int, limit: Int, foldASCII: Bool) -> Int? {
        guard limit - from >= part.count else { return nil }
        let head = part[0]
        for offset in from...(limit - part.count) {
            let byte = foldASCII ? ASCII.lowercased(value[offset]) : value[offset]
            if byte == head, occurs(part, in: value, at: offset, foldASCII: foldASCII) { return offset }
        }
        return nil
    }

    private func occurs(_ part: [UInt8], in value: UnsafeBufferPointer<UInt8>, at offset: Int, foldASCII: Bool) -> Bool {
        var index = offset
        for expected in part {
            let byte = foldASCII ? ASCII.lowercased(value[index]) : value[index]
            guard byte == expected else { return false }
            index += 1
        }
        return true
    }
}
