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
        guard duration >= .zero else { throw ConfigValueError("expected a duration ≥ 0, got \(DurationFormatting.text(duration))") }
        return duration
    }

    /// `duration` if it is greater than zero.
    static func positive(_ duration: Duration) throws(ConfigValueError) -> Duration {
        guard duration > .zero else { throw ConfigValueError("expected a duration > 0, got \(DurationFormatting.text(duration))") }
        return duration
    }
}
