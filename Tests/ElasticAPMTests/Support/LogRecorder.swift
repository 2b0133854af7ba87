import Foundation
import Logging

/// A log handler that keeps every message it is given, for tests that check what the agent said.
final class LogRecorder: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] { lock.withLock { stored } }

    /// Messages at `minimum` level or above.
    func messages(atLeast minimum: Logger.Level = .trace) -> [String] {
        entries.filter { $0.level >= minimum }.map(\.message)
    }

    /// How many messages contain `text`.
    func count(containing text: String) -> Int {
        entries.count(where: { $0.message.contains(text) })
    }

    /// A handler recording into this recorder.
    var handler: any LogHandler { Handler(recorder: self) }

    private func record(_ entry: Entry) {
        lock.withLock { stored.append(entry) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.record(Entry(level: event.level, message: event.message.description))
        }
    }
}
