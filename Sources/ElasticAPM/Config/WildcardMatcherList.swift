/// An ordered list of ``WildcardMatcher``s, the value type of `List<WildcardMatcher>` options.
public struct WildcardMatcherList: Sendable, Hashable, CustomStringConvertible {
    /// The matchers in configuration order.
    public let matchers: [WildcardMatcher]

    /// Compiles each pattern in order.
    public init(_ patterns: [String]) {
        matchers = patterns.map(WildcardMatcher.init)
    }

    /// Parses a configuration value: comma-separated patterns, each trimmed, empty ones dropped.
    public init(parsing commaSeparated: String) {
        self.init(ConfigValueParser.list(commaSeparated))
    }

    /// `true` when the list holds no pattern (and so matches nothing).
    public var isEmpty: Bool { matchers.isEmpty }

    /// Whether any pattern matches `value`.
    public func matches(_ value: String) -> Bool {
        firstMatch(value) != nil
    }

    /// The first pattern, in list order, that matches `value`.
    public func firstMatch(_ value: String) -> WildcardMatcher? {
        guard !matchers.isEmpty else { return nil }
        let isASCII = WildcardMatcher.isASCII(value)
        var lowercased: String?
        return matchers.first { $0.matches(value, isASCII: isASCII, lowercased: &lowercased) }
    }

    /// The patterns joined with `, `, as they would be written in configuration.
    public var description: String {
        matchers.map(\.pattern).joined(separator: ", ")
    }
}
