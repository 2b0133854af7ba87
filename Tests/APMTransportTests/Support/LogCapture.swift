import Foundation
import Logging

/// Collects log lines so tests can look at what the sender said.
final class LogCapture: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    /// Messages at `minimum` level or above.
    func messages(atLeast minimum: Logger.Level = .trace) -> [String] {
        entries.filter { $0.level >= minimum }.map(\.message)
    }

    func count(containing text: String) -> Int {
        entries.count(where: { $0.message.contains(text) })
    }

    func record(_ entry: Entry) {
        lock.lock()
        stored.append(entry)
        lock.unlock()
    }

    /// A logger writing into this capture at trace level.
    func logger() -> Logger {
        var logger = Logger(label: "apm-transport-test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
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
