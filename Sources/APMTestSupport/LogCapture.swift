import Foundation
import Logging

/// Collects log messages so tests can look at what the agent, the sender or a tool said.
public final class LogCapture: @unchecked Sendable {
    /// One captured message.
    public struct Entry: Sendable {
        /// Its level.
        public var level: Logger.Level
        /// Its text.
        public var message: String
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    /// An empty capture.
    public init() {}

    /// Everything captured so far, in order.
    public var entries: [Entry] { lock.withLock { stored } }

    /// Messages at `minimum` level or above.
    public func messages(atLeast minimum: Logger.Level = .trace) -> [String] {
        entries.filter { $0.level >= minimum }.map(\.message)
    }

    /// How many messages contain `text`.
    public func count(containing text: String) -> Int {
        entries.count(where: { $0.message.contains(text) })
    }

    /// A handler writing into this capture.
    public var handler: any LogHandler { Handler(capture: self) }

    /// A logger writing into this capture at trace level.
    public func logger() -> Logger {
        var logger = Logger(label: "apm-test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    private func record(_ entry: Entry) {
        lock.withLock { stored.append(entry) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.record(Entry(level: event.level, message: event.message.description))
        }
    }
}
