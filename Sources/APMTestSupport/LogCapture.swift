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

import Foundation
import Logging
import Synchronization

/// Collects log messages so tests can look at what the agent, the sender or a tool said.
package final class LogCapture: Sendable {
    /// One captured message.
    package struct Entry: Sendable {
        /// Its level.
        package var level: Logger.Level
        /// Its text.
        package var message: String
    }

    private let stored = Mutex<[Entry]>([])

    /// An empty capture.
    package init() {}

    /// Everything captured so far, in order.
    package var entries: [Entry] { stored.withLock { $0 } }

    /// Messages at `minimum` level or above.
    package func messages(atLeast minimum: Logger.Level = .trace) -> [String] {
        entries.filter { $0.level >= minimum }.map(\.message)
    }

    /// How many messages contain `text`.
    package func count(containing text: String) -> Int {
        entries.count(where: { $0.message.contains(text) })
    }

    /// A handler writing into this capture.
    package var handler: any LogHandler { Handler(capture: self) }

    /// A logger writing into this capture at trace level.
    package func logger() -> Logger {
        var logger = Logger(label: "apm-test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    private func record(_ entry: Entry) {
        stored.withLock { $0.append(entry) }
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
