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

/// A JSON value that keeps object members in their original order and numbers as written,
/// so that events print the way the agent encoded them.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// A number, as its literal text.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in order (duplicates kept, as parsed).
    case object([Member])

    /// One member of an object.
    struct Member: Equatable {
        var key: String
        var value: JSONValue
    }

    /// An integer.
    static func int<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }

    /// An optional integer, null when absent.
    static func int<T: BinaryInteger>(_ value: T?) -> JSONValue { value.map { .int($0) } ?? .null }

    /// An optional string, null when absent.
    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// Seconds with millisecond precision (e.g. `192.5`), from microseconds.
    static func seconds(microseconds: Int64) -> JSONValue {
        let milliseconds = microseconds / 1_000
        let whole = milliseconds / 1_000
        let fraction = abs(milliseconds % 1_000)
        guard fraction != 0 else { return .number(String(whole)) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        let sign = milliseconds < 0 && whole == 0 ? "-" : ""
        return .number("\(sign)\(whole).\(digits)")
    }

    /// An object from key/value pairs, in order.
    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    /// An object from a dictionary, keys sorted.
    static func object<T>(sorted dictionary: [String: T], _ transform: (T) -> JSONValue) -> JSONValue {
        .object(dictionary.sorted { $0.key < $1.key }.map { Member(key: $0.key, value: transform($0.value)) })
    }

    /// The value of the first member named `key`, if this is an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// One line, no spaces (ndjson).
    var compact: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Indented by two spaces per level, `"key": value`.
    var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): Self.writeString(text, to: &out)
        case .array(let items):
            writeContainer(items, open: "[", close: "]", to: &out, indent: indent, level: level) { item, out in
                item.write(to: &out, indent: indent, level: level + 1)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", to: &out, indent: indent, level: level) { member, out in
                Self.writeString(member.key, to: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(to: &out, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer<Item>(
        _ items: [Item], open: String, close: String, to out: inout String, indent: String?, level: Int,
        _ element: (Item, inout String) -> Void
    ) {
        out += open
        guard !items.isEmpty else {
            out += close
            return
        }
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: indent, count: level + 1) }
            element(item, &out)
        }
        if let indent { out += "\n" + String(repeating: indent, count: level) }
        out += close
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
