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

/// An ordered list of ``WildcardMatcher``s, the value type of `List<WildcardMatcher>` options.
struct WildcardMatcherList: Sendable, Hashable, CustomStringConvertible {
    /// The matchers in configuration order.
    let matchers: [WildcardMatcher]

    /// Compiles each pattern in order.
    init(_ patterns: [String]) {
        matchers = patterns.map(WildcardMatcher.init)
    }

    /// Parses a configuration value: comma-separated patterns, each trimmed, empty ones dropped.
    init(parsing commaSeparated: String) {
        self.init(ConfigValueParser.list(commaSeparated))
    }

    /// `true` when the list holds no pattern (and so matches nothing).
    var isEmpty: Bool { matchers.isEmpty }

    /// Whether any pattern matches `value`.
    func matches(_ value: String) -> Bool {
        firstMatch(value) != nil
    }

    /// The first pattern, in list order, that matches `value`.
    func firstMatch(_ value: String) -> WildcardMatcher? {
        guard !matchers.isEmpty else { return nil }
        let isASCII = WildcardMatcher.isASCII(value)
        var lowercased: String?
        return matchers.first { $0.matches(value, isASCII: isASCII, lowercased: &lowercased) }
    }

    /// The patterns joined with `, `, as they would be written in configuration.
    var description: String {
        matchers.map(\.pattern).joined(separator: ", ")
    }
}
