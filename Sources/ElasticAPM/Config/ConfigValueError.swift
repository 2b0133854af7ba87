/// A configuration value that could not be parsed, with a message naming the expected format.
public struct ConfigValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A human-readable explanation, e.g. `expected a duration like "5ms", "10s" or "1m", got "5 ms"`.
    public let message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    /// Same as ``message``.
    public var description: String { message }
}
