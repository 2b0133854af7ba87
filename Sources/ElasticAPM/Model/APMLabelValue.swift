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

import Foundation

/// A label value: labels are indexed by APM Server, so only scalar values are allowed.
public enum APMLabelValue: Sendable, Hashable {
    /// A string (truncated to 1024 characters on the wire).
    case string(String)
    /// A boolean.
    case bool(Bool)
    /// A number. Non-finite values are sent as `null`.
    case number(Double)
    /// An explicit `null`.
    case null
}

extension APMLabelValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral
{
    /// Creates a string label.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a boolean label.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates a numeric label from an integer.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Creates a numeric label from a floating point number.
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension APMLabelValue {
    /// Creates a numeric label from any integer (values beyond 2^53 lose precision, as in JSON).
    public init(_ value: some BinaryInteger) { self = .number(Double(value)) }
    /// Creates a numeric label from any floating point number.
    public init(_ value: some BinaryFloatingPoint) { self = .number(Double(value)) }
    /// Creates a string label.
    init(_ value: String) { self = .string(value) }
    /// Creates a boolean label.
    init(_ value: Bool) { self = .bool(value) }
}

/// Label keys must not contain `.`, `*` or `"`; the agent replaces them with `_`.
enum LabelKey {
    /// Adds `labels` to `list` (sanitised keys, in key order); an existing key gets the new value.
    static func merge(_ labels: [String: APMLabelValue], into list: inout [(String, APMLabelValue)]) {
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            let key = sanitize(key)
            if let index = list.firstIndex(where: { $0.0 == key }) {
                list[index].1 = value
            } else {
                list.append((key, value))
            }
        }
    }

    static func sanitize(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "\"") })
        else { return key }
        return String(
            String.UnicodeScalarView(
                key.unicodeScalars.map { scalar in
                    scalar == "." || scalar == "*" || scalar == "\"" ? "_" : scalar
                }))
    }
}
