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

import APMRuntime
import Logging

/// Checks applied to configuration values after parsing (and to values given in code).
extension ConfigValueParser {
    /// `value` if it lies in `range`, otherwise an error naming the range.
    static func range<Value: Comparable>(_ value: Value, _ range: ClosedRange<Value>) throws(ConfigValueError) -> Value {
        guard range.contains(value) else {
            throw ConfigValueError("expected a value in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
        return value
    }

    /// `duration` if it is not negative.
    static func nonNegative(_ duration: Duration) throws(ConfigValueError) -> Duration {
        guard duration >= .zero else { throw ConfigValueError("expected a duration ≥ 0, got \(duration.configText)") }
        return duration
    }

    /// `duration` if it is greater than zero.
    static func positive(_ duration: Duration) throws(ConfigValueError) -> Duration {
        guard duration > .zero else { throw ConfigValueError("expected a duration > 0, got \(duration.configText)") }
        return duration
    }

    /// A sampling rate given in code: in `0...1`, rounded to four decimals like a parsed one.
    static func sampleRate(_ rate: Double) throws(ConfigValueError) -> Double {
        guard rate >= 0, rate <= 1 else { throw ConfigValueError("expected a sample rate in 0...1, got \(rate)") }
        return SampleRate.rounded(rate)
    }
}

extension ConfigValueParser.LogLevel {
    /// The swift-log level (`off` maps to `critical`, the quietest swift-log has).
    var loggerLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        case .critical, .off: .critical
        }
    }
}
