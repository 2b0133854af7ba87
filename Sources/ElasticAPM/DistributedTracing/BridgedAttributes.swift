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

/// A span's attributes as the bridge reads them: one pass over the attributes when the span ends (or an event
/// is recorded) converts the values of the keys the conventions map (``BridgedAttributeKey``) to text or to an
/// integer, so each convention reads a field instead of hashing a name and copying an attribute value, and a
/// key that is not set costs one bit test.
struct BridgedAttributes {
    /// The attributes, as set (copied to `otel.attributes`, and read for header attributes).
    let attributes: SpanAttributes
    /// The mapped keys that are set.
    let present: BridgedAttributeKey.Set
    /// Whether any `http.request.header.*` attribute is set.
    let hasRequestHeaders: Bool
    /// Whether any `http.response.header.*` attribute is set.
    let hasResponseHeaders: Bool
    /// Where each mapped key's converted value sits in `values`, plus one; 0 when it is not kept there.
    private var positions: InlineArray<64, UInt8>
    /// The converted values, in the order the pass met them (room for 12; any further one is looked up in
    /// `attributes` when read).
    private var values: InlineArray<12, Value>

    /// A mapped value as the conventions read it: text for most keys, an integer for ports and status codes.
    private struct Value {
        var text: String?
        var integer: Int?
    }

    init(_ attributes: SpanAttributes) {
        self.attributes = attributes
        var present = BridgedAttributeKey.Set()
        var positions = InlineArray<64, UInt8>(repeating: 0)
        var values = InlineArray<12, Value>(repeating: Value())
        var count = 0
        var hasRequestHeaders = false, hasResponseHeaders = false
        attributes.forEach { name, value in
            guard let key = BridgedAttributeKey.named(name) else {
                if name.hasPrefix(HTTPHeaderAttributes.requestPrefix) { hasRequestHeaders = true }
                if name.hasPrefix(HTTPHeaderAttributes.responsePrefix) { hasResponseHeaders = true }
                return
            }
            present.rawValue |= key.bit
            guard count < values.count else { return }
            values[count] = Self.convert(value, for: key)
            count += 1
            positions[Int(key.rawValue)] = UInt8(count)
        }
        self.present = present
        self.hasRequestHeaders = hasRequestHeaders
        self.hasResponseHeaders = hasResponseHeaders
        self.positions = positions
        self.values = values
    }

    /// Whether any of `keys` is set.
    func contains(anyOf keys: BridgedAttributeKey.Set) -> Bool {
        !present.isDisjoint(with: keys)
    }

    /// Calls `body` with every attribute.
    func forEach(_ body: (String, SpanAttribute) -> Void) {
        attributes.forEach(body)
    }

    /// The value of `key` as text (numbers and string-convertible values included); an empty string counts
    /// as unset.
    func string(_ key: BridgedAttributeKey) -> String? {
        assert(!key.isInteger, "\(key.name) is read as an integer")
        return value(key)?.text
    }

    /// The value of the first of the keys that is set, as text; see ``string(_:)``.
    func string(_ first: BridgedAttributeKey, _ second: BridgedAttributeKey) -> String? {
        string(first) ?? string(second)
    }

    /// The value of the first of the keys that is set, as text; see ``string(_:)``.
    func string(_ first: BridgedAttributeKey, _ second: BridgedAttributeKey, _ third: BridgedAttributeKey) -> String? {
        string(first) ?? string(second) ?? string(third)
    }

    /// The value of the first of the keys that is set, as text; see ``string(_:)``.
    func string(
        _ first: BridgedAttributeKey, _ second: BridgedAttributeKey, _ third: BridgedAttributeKey,
        _ fourth: BridgedAttributeKey
    ) -> String? {
        string(first) ?? string(second) ?? string(third) ?? string(fourth)
    }

    /// The value of `key` when it holds an integer (or a string of digits).
    func int(_ key: BridgedAttributeKey) -> Int? {
        assert(key.isInteger, "\(key.name) is read as text")
        return value(key)?.integer
    }

    /// The value of the first of the keys that holds an integer; see ``int(_:)``.
    func int(_ first: BridgedAttributeKey, _ second: BridgedAttributeKey) -> Int? {
        int(first) ?? int(second)
    }

    /// The value of the first of the keys that holds an integer; see ``int(_:)``.
    func int(_ first: BridgedAttributeKey, _ second: BridgedAttributeKey, _ third: BridgedAttributeKey) -> Int? {
        int(first) ?? int(second) ?? int(third)
    }

    /// The converted value of `key`, `nil` when it is not set.
    private func value(_ key: BridgedAttributeKey) -> Value? {
        guard present.contains(key) else { return nil }
        let position = positions[Int(key.rawValue)]
        guard position == 0 else { return values[Int(position) - 1] }
        return attributes.get(key.name).map { Self.convert($0, for: key) }
    }

    /// `attribute` as `key` is read: as an integer or as text.
    private static func convert(_ attribute: SpanAttribute, for key: BridgedAttributeKey) -> Value {
        key.isInteger ? Value(integer: integer(attribute)) : Value(text: text(attribute))
    }

    /// `attribute` as text; `nil` for an empty string, an array or a value of another type.
    private static func text(_ attribute: SpanAttribute) -> String? {
        switch attribute {
        case .string(let value) where !value.isEmpty: value
        case .stringConvertible(let value): String(describing: value)
        case .int64(let value): String(value)
        case .int32(let value): String(value)
        default: nil
        }
    }

    /// `attribute` as an integer: an integer, a whole double, or a string of digits.
    private static func integer(_ attribute: SpanAttribute) -> Int? {
        switch attribute {
        case .int64(let value): Int(exactly: value)
        case .int32(let value): Int(value)
        case .double(let value): Int(exactly: value)
        case .string(let value): Int(value)
        case .stringConvertible(let value): Int(String(describing: value))
        default: nil
        }
    }
}
