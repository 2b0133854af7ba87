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

/// W3C Baggage (`baggage` header): application-defined key-value pairs that travel with a trace.
///
/// Parsing follows the W3C Baggage specification: list members separated by `,`, each
/// `key=value` with optional `;property` parts, optional whitespace around every part. A key is
/// an HTTP token; a value is percent-encoded `baggage-octet`s. Invalid members are dropped, the
/// valid ones kept in order, at most 180 members and 8192 bytes (whole members only). Members are
/// propagated as they were received (properties included).
struct Baggage: Sendable, Hashable {
    /// One list member.
    struct Member: Sendable, Hashable {
        /// The key.
        var key: String
        /// The value, percent-decoded.
        var value: String
        /// The member as it is propagated: `key=value[;properties]`, whitespace trimmed.
        var text: String
    }

    /// The W3C header name.
    static let headerName = "baggage"
    /// The most members propagated.
    static let maxMembers = 180
    /// The most bytes propagated.
    static let maxBytes = 8192

    /// The members in header order.
    private(set) var members: [Member] = []

    /// No baggage.
    init() {}

    /// Parses the values of every `baggage` header (in order); `nil` or empty gives no baggage.
    init(headerValues: [String]) {
        var bytes = 0
        for value in headerValues {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard members.count < Self.maxMembers, let member = Self.parseMember(part) else { continue }
                let added = member.text.utf8.count + (members.isEmpty ? 0 : 1)
                guard bytes + added <= Self.maxBytes else { continue }
                bytes += added
                members.append(member)
            }
        }
    }

    /// Whether there are no members.
    var isEmpty: Bool { members.isEmpty }

    /// The `baggage` header value to propagate, or `nil` when there are no members.
    var headerValue: String? {
        members.isEmpty ? nil : members.map(\.text).joined(separator: ",")
    }

    /// The members whose key `patterns` matches, as labels `baggage.<key>` (`baggage_to_attach`);
    /// a key given twice keeps its last value.
    func labels(matching patterns: WildcardMatcherList) -> [String: APMLabelValue] {
        guard !members.isEmpty, !patterns.isEmpty else { return [:] }
        var labels: [String: APMLabelValue] = [:]
        for member in members where patterns.matches(member.key) {
            labels["baggage." + member.key] = .string(member.value)
        }
        return labels
    }

    /// One `key=value[;properties]` member, or `nil` when it is not valid.
    private static func parseMember(_ raw: Substring) -> Member? {
        let trimmed = String(raw).trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let parts = trimmed.split(separator: ";", omittingEmptySubsequences: false)
        guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return nil }
        let key = String(pair[..<equals]).trimmingWhitespace()
        let rawValue = String(pair[pair.index(after: equals)...]).trimmingWhitespace()
        guard !key.isEmpty, key.utf8.allSatisfy(isTokenByte), rawValue.utf8.allSatisfy(isValueByte),
            let value = percentDecoded(rawValue)
        else { return nil }
        var properties: [String] = []
        for property in parts.dropFirst() {
            let text = String(property).trimmingWhitespace()
            let name = text.split(separator: "=", maxSplits: 1).first.map { String($0).trimmingWhitespace() } ?? ""
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { return nil }
            properties.append(text)
        }
        return Member(key: key, value: value, text: ([key + "=" + rawValue] + properties).joined(separator: ";"))
    }

    /// RFC 7230 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// W3C `baggage-octet`: printable US-ASCII except space, `"`, `,`, `;` and `\`.
    private static func isValueByte(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != 0x22 && byte != 0x2C && byte != 0x3B && byte != 0x5C
    }

    /// `%XX` sequences decoded as UTF-8; `nil` for a malformed escape or invalid UTF-8.
    private static func percentDecoded(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
