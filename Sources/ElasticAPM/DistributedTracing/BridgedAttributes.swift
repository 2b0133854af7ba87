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

import Tracing

/// A span's attributes as the bridge reads them: the conventions look up some twenty keys per span, most of
/// them absent, so each lookup first checks a 64-bit signature of the keys present (their length, first and
/// last byte) and hashes the key only when it may be there.
struct BridgedAttributes {
    /// The attributes.
    let attributes: SpanAttributes
    /// One bit per key present, at ``bit(_:)``.
    private let signature: UInt64

    init(_ attributes: SpanAttributes) {
        self.attributes = attributes
        var signature: UInt64 = 0
        attributes.forEach { key, _ in signature |= Self.bit(key) }
        self.signature = signature
    }

    /// The value of `key`.
    func get(_ key: String) -> SpanAttribute? {
        signature & Self.bit(key) == 0 ? nil : attributes.get(key)
    }

    /// Calls `body` with every attribute.
    func forEach(_ body: (String, SpanAttribute) -> Void) {
        attributes.forEach(body)
    }

    /// The signature bit of `key`; equal keys have equal bits.
    private static func bit(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            let mix = bytes.count &* 31 &+ Int(bytes.first ?? 0) &* 7 &+ Int(bytes.last ?? 0)
            return 1 << UInt64(mix & 63)
        }
    }

    // The readers below take a fixed number of keys rather than a variadic list: a variadic call allocates
    // its array on every call.

    /// The value of `key` as text (numbers and string-convertible values included); an empty string counts
    /// as unset.
    func string(_ key: String) -> String? {
        Self.text(get(key))
    }

    /// The value of the first of the keys that is set, as text; see ``string(_:)``.
    func string(_ first: String, _ second: String) -> String? {
        Self.text(get(first)) ?? Self.text(get(second))
    }

    /// The value of the first of the keys that is set, as text; see ``string(_:)``.
    func string(_ first: String, _ second: String, _ third: String) -> String? {
        Self.text(get(first)) ?? Self.text(get(second)) ?? Self.text(get(third))
    }

    /// The value of the first of the keys that is set, as text; see ``string(_:)``.
    func string(_ first: String, _ second: String, _ third: String, _ fourth: String) -> String? {
        Self.text(get(first)) ?? Self.text(get(second)) ?? Self.text(get(third)) ?? Self.text(get(fourth))
    }

    /// The value of `key` when it holds an integer (or a string of digits).
    func int(_ key: String) -> Int? {
        Self.integer(get(key))
    }

    /// The value of the first of the keys that holds an integer; see ``int(_:)``.
    func int(_ first: String, _ second: String) -> Int? {
        Self.integer(get(first)) ?? Self.integer(get(second))
    }

    /// The value of the first of the keys that holds an integer; see ``int(_:)``.
    func int(_ first: String, _ second: String, _ third: String) -> Int? {
        Self.integer(get(first)) ?? Self.integer(get(second)) ?? Self.integer(get(third))
    }

    /// Whether any of `keys` is set.
    func contains(anyOf keys: [String]) -> Bool {
        keys.contains { get($0) != nil }
    }

    /// `attribute` as text; `nil` for an empty string, an array or a value of another type.
    private static func text(_ attribute: SpanAttribute?) -> String? {
        switch attribute {
        case .string(let value)? where !value.isEmpty: value
        case .stringConvertible(let value)?: String(describing: value)
        case .int64(let value)?: String(value)
        case .int32(let value)?: String(value)
        default: nil
        }
    }

    /// `attribute` as an integer: an integer, a whole double, or a string of digits.
    private static func integer(_ attribute: SpanAttribute?) -> Int? {
        switch attribute {
        case .int64(let value)?: Int(exactly: value)
        case .int32(let value)?: Int(value)
        case .double(let value)?: Int(exactly: value)
        case .string(let value)?: Int(value)
        case .stringConvertible(let value)?: Int(String(describing: value))
        default: nil
        }
    }
}
