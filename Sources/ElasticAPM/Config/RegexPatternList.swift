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

/// An ordered list of regular expressions, the value type of `transactions_ignore_patterns`.
///
/// A pattern matches when it is found anywhere in the value (Python's `re.search`): anchor it
/// with `^` to match from the start. Patterns are compiled once, when the option is read.
struct RegexPatternList: Sendable, CustomStringConvertible {
    /// The compiled patterns in configuration order.
    private let expressions: [NSRegularExpression]

    /// Compiles `patterns`; throws the first that is not a valid regular expression.
    init(validating patterns: [String]) throws(ConfigValueError) {
        var expressions: [NSRegularExpression] = []
        for pattern in patterns {
            do {
                expressions.append(try NSRegularExpression(pattern: pattern))
            } catch {
                throw ConfigValueError("'\(pattern)' is not a valid regular expression")
            }
        }
        self.expressions = expressions
    }

    /// An empty list, or `patterns` known to compile.
    init(_ patterns: [String]) {
        expressions = patterns.compactMap { try? NSRegularExpression(pattern: $0) }
    }

    /// Parses a configuration value: comma-separated patterns, each trimmed, empty ones dropped.
    static func parse(_ commaSeparated: String) -> Result<RegexPatternList, ConfigValueError> {
        Result { () throws(ConfigValueError) in try RegexPatternList(validating: ConfigValueParser.list(commaSeparated)) }
    }

    /// Whether any pattern is found in `value`.
    func matches(_ value: String) -> Bool {
        guard !expressions.isEmpty else { return false }
        let range = NSRange(value.startIndex..., in: value)
        return expressions.contains { $0.firstMatch(in: value, range: range) != nil }
    }

    /// The patterns joined with `, `.
    var description: String { expressions.map(\.pattern).joined(separator: ", ") }
}
