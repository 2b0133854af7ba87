/// A configuration value that could not be parsed, with a message naming the expected format.
struct ConfigValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A human-readable explanation, e.g. `expected a duration like "5ms", "10s" or "1m", got "5 ms"`.
    let message: String

    /// Creates an error with the given message.
    init(_ message: String) {
        self.message = message
    }

    /// Same as ``message``.
    var description: String { message }
}
