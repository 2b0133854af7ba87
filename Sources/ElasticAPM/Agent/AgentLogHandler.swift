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

import Logging

/// The agent's log handler: hands every message to the handler the application's logging
/// system makes (or to one a test gives), at the level of the live settings, marked as the
/// agent's own (``AgentLogRecords``) so that it is never captured as an event.
///
/// Setting `logLevel` on one logger value fixes that value's level, as swift-log expects;
/// the agent never does, so its loggers follow `log_level` as central configuration changes it.
struct AgentLogHandler: LogHandler {
    private var base: any LogHandler
    private let live: LiveLogLevel
    private var fixedLevel: Logger.Level?

    /// Wraps `base`, which then filters nothing itself; the level comes from `live`.
    init(wrapping base: any LogHandler, level live: LiveLogLevel) {
        var base = base
        base.logLevel = .trace
        self.base = base
        self.live = live
    }

    var logLevel: Logger.Level {
        get { fixedLevel ?? live.level }
        set { fixedLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        // Marked, so an `APMLogHandler` the application's handler includes leaves it alone.
        AgentLogRecords.$isEmitting.withValue(true) {
            base.log(event: event)
        }
    }
}
