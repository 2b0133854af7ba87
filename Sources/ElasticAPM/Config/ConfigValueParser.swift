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

/// Parsers for configuration values written in environment-variable syntax, the form used by
/// environment variables, config files and central configuration alike.
///
/// Surrounding whitespace is ignored. Each parser returns the typed value or a
/// ``ConfigValueError`` whose message names the expected format and quotes the rejected input.
enum ConfigValueParser {
    /// A time unit of a duration value.
    enum DurationUnit: String, Sendable, CaseIterable {
        /// `us`, accepted only by ``ConfigValueParser/granularDuration(_:defaultUnit:)``.
        case microseconds = "us"
        /// `ms`.
        case milliseconds = "ms"
        /// `s`.
        case seconds = "s"
        /// `m`.
        case minutes = "m"
    }

    /// The values of the `log_level` option, from most to least verbose.
    enum LogLevel: String, Sendable, CaseIterable, Comparable {
        /// `trace`.
        case trace
        /// `debug`.
        case debug
        /// `info`, the default.
        case info
        /// `warning` (also written `warn`).
        case warning
        /// `error`.
        case error
        /// `critical`.
        case critical
        /// `off`: no logging.
        case off

        /// Orders levels from `trace` (lowest) to `off` (highest).
        static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
            lhs.severity < rhs.severity
        }

        private var severity: Int {
            switch self {
            case .trace: 0
            case .debug: 1
            case .info: 2
            case .warning: 3
            case .error: 4
            case .critical: 5
            case .off: 6
            }
        }
    }

    /// `true` or `false`, in any letter case.
    static func boolean(_ raw: String) -> Result<Bool, ConfigValueError> {
        let text = trimmed(raw)
        if ASCII.equalsIgnoringCase(text, lowercaseLiteral: "true") { return .success(true) }
        if ASCII.equalsIgnoringCase(text, lowercaseLiteral: "false") { return .success(false) }
        return .failure(error("expected a boolean (\"true\" or \"false\")", raw))
    }

    /// A `Duration` in `^(-)?(\d+)(ms|s|m)$` form (units are case-sensitive).
    ///
    /// - Parameters:
    ///   - raw: the value as written.
    ///   - defaultUnit: the unit of a bare number, for legacy options that accepted one; when
    ///     `nil` a unit is required.
    static func duration(_ raw: String, defaultUnit: DurationUnit? = nil) -> Result<Duration, ConfigValueError> {
        parseDuration(
            raw, allowMicroseconds: false, defaultUnit: defaultUnit,
            format: "expected a duration like \"5ms\", \"10s\" or \"1m\" (optionally negative)")
    }

    /// A `Duration` in `^(-)?(\d+)(us|ms|s|m)$` form (units are case-sensitive).
    ///
    /// - Parameters:
    ///   - raw: the value as written.
    ///   - defaultUnit: the unit of a bare number; when `nil` a unit is required.
    static func granularDuration(_ raw: String, defaultUnit: DurationUnit? = nil) -> Result<Duration, ConfigValueError> {
        parseDuration(
            raw, allowMicroseconds: true, defaultUnit: defaultUnit,
            format: "expected a duration like \"500us\", \"5ms\", \"10s\" or \"1m\" (optionally negative)")
    }

    /// A size in bytes from `^(\d+)(b|kb|mb|gb)$` (units in any letter case, 1024 between units).
    static func size(_ raw: String) -> Result<Int64, ConfigValueError> {
        let format = "expected a size like \"768kb\" or \"1mb\" (units b, kb, mb, gb)"
        let text = trimmed(raw)
        let digits = text.utf8.prefix { ASCII.isDigit($0) }
        let unit = String(decoding: text.utf8.dropFirst(digits.count).map(ASCII.lowercased), as: UTF8.self)
        let multiplier: Int64
        switch unit {
        case "b": multiplier = 1
        case "kb": multiplier = 1 << 10
        case "mb": multiplier = 1 << 20
        case "gb": multiplier = 1 << 30
        default: return .failure(error(format, raw))
        }
        guard let count = decimal(digits) else { return .failure(error(format, raw)) }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return .failure(error("size is too large", raw)) }
        return .success(bytes)
    }

    /// A comma-separated list: items are trimmed and empty items dropped. Never fails.
    static func list(_ raw: String) -> [String] {
        raw.split(separator: ",").compactMap { item in
            let text = trimmed(item)
            return text.isEmpty ? nil : String(text)
        }
    }

    /// A `key=value,key2=value2` mapping, in order; keys and values are trimmed, empty items
    /// are skipped, and a value may be empty. An item without `=` or with an empty key fails.
    static func mapping(_ raw: String) -> Result<[(key: String, value: String)], ConfigValueError> {
        var pairs: [(key: String, value: String)] = []
        for item in raw.split(separator: ",") {
            guard !trimmed(item).isEmpty else { continue }
            guard let equals = item.firstIndex(of: "="), !trimmed(item[..<equals]).isEmpty else {
                return .failure(error("expected a mapping like \"key=value,key2=value2\"; invalid item", String(item)))
            }
            pairs.append((key: String(trimmed(item[..<equals])), value: String(trimmed(item[item.index(after: equals)...]))))
        }
        return .success(pairs)
    }

    /// A sampling rate: a decimal number in `0...1`, rounded half away from zero to four
    /// decimals, where any value in (0, 0.0001) becomes `0.0001`.
    static func sampleRate(_ raw: String) -> Result<Double, ConfigValueError> {
        switch double(raw, in: 0...1) {
        case .success(let rate): return .success(SampleRate.rounded(rate))
        case .failure: return .failure(error("expected a sample rate, a decimal number between 0 and 1", raw))
        }
    }

    /// `custom_metrics_histogram_boundaries`: comma-separated numbers, strictly ascending, at least one.
    static func histogramBoundaries(_ raw: String) -> Result<[Double], ConfigValueError> {
        var bounds: [Double] = []
        for item in list(raw) {
            guard let value = Double(item), value.isFinite, bounds.last.map({ $0 < value }) ?? true else {
                return .failure(error("strictly ascending numbers separated by commas", raw))
            }
            bounds.append(value)
        }
        guard !bounds.isEmpty else { return .failure(error("at least one number", raw)) }
        return .success(bounds)
    }

    /// A decimal integer, optionally within `range`.
    static func integer(_ raw: String, in range: ClosedRange<Int>? = nil) -> Result<Int, ConfigValueError> {
        guard let value = Int(trimmed(raw)) else {
            return .failure(error("expected an integer" + describe(range), raw))
        }
        guard range?.contains(value) ?? true else {
            return .failure(error("expected an integer" + describe(range), raw))
        }
        return .success(value)
    }

    /// A finite decimal number (digits, sign, `.` and exponent only), optionally within `range`.
    static func double(_ raw: String, in range: ClosedRange<Double>? = nil) -> Result<Double, ConfigValueError> {
        let text = trimmed(raw)
        let isDecimal =
            text.utf8.contains(where: ASCII.isDigit)
            && text.utf8.allSatisfy { byte in
                ASCII.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            }
        guard isDecimal, let value = Double(text), value.isFinite, range?.contains(value) ?? true else {
            return .failure(error("expected a decimal number" + describe(range), raw))
        }
        return .success(value)
    }

    /// One of `trace`, `debug`, `info`, `warning` (or `warn`), `error`, `critical`, `off`, in
    /// any letter case.
    static func logLevel(_ raw: String) -> Result<LogLevel, ConfigValueError> {
        let text = trimmed(raw)
        if ASCII.equalsIgnoringCase(text, lowercaseLiteral: "warn") { return .success(.warning) }
        for level in LogLevel.allCases where ASCII.equalsIgnoringCase(text, lowercaseLiteral: level.rawValue) {
            return .success(level)
        }
        return .failure(error("expected a log level (trace, debug, info, warning, error, critical or off)", raw))
    }

    // MARK: - Helpers

    private static func parseDuration(
        _ raw: String, allowMicroseconds: Bool, defaultUnit: DurationUnit?, format: String
    ) -> Result<Duration, ConfigValueError> {
        let text = trimmed(raw)
        var utf8 = text.utf8[...]
        let negative = utf8.first == ASCII.dash
        if negative { utf8 = utf8.dropFirst() }
        let digits = utf8.prefix { ASCII.isDigit($0) }
        let suffix = utf8.dropFirst(digits.count)
        let unit: DurationUnit?
        if suffix.isEmpty {
            unit = defaultUnit
        } else {
            unit = DurationUnit(rawValue: String(decoding: suffix, as: UTF8.self))
        }
        guard let unit, unit != .microseconds || allowMicroseconds || suffix.isEmpty,
            let count = decimal(digits)
        else { return .failure(error(format, raw)) }
        let magnitude: Duration
        switch unit {
        case .microseconds: magnitude = .microseconds(count)
        case .milliseconds: magnitude = .milliseconds(count)
        case .seconds: magnitude = .seconds(count)
        case .minutes:
            let (seconds, overflow) = count.multipliedReportingOverflow(by: 60)
            guard !overflow else { return .failure(error("duration is too large", raw)) }
            magnitude = .seconds(seconds)
        }
        return .success(negative ? .zero - magnitude : magnitude)
    }

    /// A non-empty run of ASCII digits as a non-negative `Int64`, or `nil` (also on overflow).
    private static func decimal(_ digits: some Collection<UInt8>) -> Int64? {
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for digit in digits {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    private static func trimmed<S: StringProtocol>(_ text: S) -> S.SubSequence {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text[start...].lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? start
        return text[start..<end]
    }

    private static func describe<Bound>(_ range: ClosedRange<Bound>?) -> String {
        guard let range else { return "" }
        return " between \(range.lowerBound) and \(range.upperBound)"
    }

    /// An error quoting at most 64 characters of the rejected input.
    private static func error(_ expectation: String, _ raw: String) -> ConfigValueError {
        ConfigValueError("\(expectation), got \"\(FieldLimits.truncate(raw, maxScalars: 64))\"")
    }
}
