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

import Logging

/// Turns swift-log metadata into what an intake event carries, on the writer thread: custom
/// context for an error (nesting kept), labels for a `log` event (flat, scalar). Values whose key
/// matches `sanitize_field_names` become `[REDACTED]`; the log correlation keys are left out.
enum LogMetadataConversion {
    static let redacted = "[REDACTED]"

    /// `context.custom` for an error captured from a log record.
    static func custom(_ metadata: Logger.Metadata, sanitizing names: WildcardMatcherList) -> [String: APMCustomValue] {
        var custom: [String: APMCustomValue] = [:]
        for (key, value) in metadata where !LogCorrelationKey.contains(key) {
            custom[key] = names.matches(key) ? .string(redacted) : customValue(value, sanitizing: names)
        }
        return custom
    }

    /// `labels` for a `log` event, in key order: strings, and booleans and numbers logged as
    /// such (`.stringConvertible(42)`); a nested dictionary's entries flattened (`request.id`
    /// becomes `request_id`); an array as its text.
    static func labels(_ metadata: Logger.Metadata, sanitizing names: WildcardMatcherList) -> [(String, APMLabelValue)] {
        var labels: [(String, APMLabelValue)] = []
        labels.reserveCapacity(metadata.count)
        for (key, value) in metadata where !LogCorrelationKey.contains(key) {
            appendLabels(key: key, value: value, path: key, sanitizing: names, to: &labels)
        }
        labels.sort { $0.0 < $1.0 }
        return labels
    }

    private static func appendLabels(
        key: String, value: Logger.MetadataValue, path: String,
        sanitizing names: WildcardMatcherList, to labels: inout [(String, APMLabelValue)]
    ) {
        if names.matches(key) {
            labels.append((LabelKey.sanitize(path), .string(redacted)))
            return
        }
        switch value {
        case .dictionary(let dictionary):
            for (innerKey, innerValue) in dictionary {
                appendLabels(key: innerKey, value: innerValue, path: path + "." + innerKey, sanitizing: names, to: &labels)
            }
        case .array:
            labels.append((LabelKey.sanitize(path), .string(sanitized(value, sanitizing: names).description)))
        case .string(let string):
            labels.append((LabelKey.sanitize(path), .string(string)))
        case .stringConvertible(let convertible):
            labels.append((LabelKey.sanitize(path), labelValue(convertible)))
        }
    }

    /// `value` with the entries of nested dictionaries whose key matches `names` redacted.
    private static func sanitized(_ value: Logger.MetadataValue, sanitizing names: WildcardMatcherList) -> Logger.MetadataValue {
        switch value {
        case .string, .stringConvertible:
            return value
        case .array(let array):
            return .array(array.map { sanitized($0, sanitizing: names) })
        case .dictionary(let dictionary):
            var result: Logger.Metadata = [:]
            for (key, inner) in dictionary {
                result[key] = names.matches(key) ? .string(redacted) : sanitized(inner, sanitizing: names)
            }
            return .dictionary(result)
        }
    }

    private static func customValue(_ value: Logger.MetadataValue, sanitizing names: WildcardMatcherList) -> APMCustomValue {
        switch value {
        case .string(let string):
            return .string(string)
        case .stringConvertible(let convertible):
            return .string(convertible.description)
        case .array(let array):
            return .array(array.map { customValue($0, sanitizing: names) })
        case .dictionary(let dictionary):
            return .object(custom(dictionary, sanitizing: names))
        }
    }

    private static func labelValue(_ convertible: any CustomStringConvertible & Sendable) -> APMLabelValue {
        switch convertible {
        case let bool as Bool: return .bool(bool)
        case let integer as any BinaryInteger: return APMLabelValue(integer)
        case let floating as any BinaryFloatingPoint: return APMLabelValue(floating)
        default: return .string(convertible.description)
        }
    }
}
