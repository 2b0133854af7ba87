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

import APMTransport
import Logging
import Synchronization

/// The state transactions and spans share with the agent: the live settings and the hand-off.
final class AgentCore: Sendable {
    private let snapshotBox: Mutex<SettingsSnapshot>
    let pipeline: EventPipeline
    /// Drains the queue to APM Server; `nil` when events stay in memory (tests) or cannot be sent.
    let sender: IntakeSender?
    let logger: Logger
    /// The level every copy of `logger` uses; follows `log_level`.
    let logLevel: LiveLogLevel
    /// Where ended transactions leave their span self times; `nil` when breakdown metrics are off.
    let breakdown: BreakdownAccumulator?

    /// A core whose `logger` takes its level from `logLevel` (see ``AgentLogHandler``).
    init(
        settings: AgentSettings, pipeline: EventPipeline, sender: IntakeSender?, logger: Logger, logLevel: LiveLogLevel,
        breakdown: BreakdownAccumulator? = nil
    ) {
        self.snapshotBox = Mutex(SettingsSnapshot(settings))
        self.pipeline = pipeline
        self.sender = sender
        self.logger = logger
        self.logLevel = logLevel
        self.breakdown = breakdown
    }

    /// The settings in force now.
    var snapshot: SettingsSnapshot { snapshotBox.withLock { $0 } }

    /// Replaces the settings atomically (central configuration), then lets the logger follow
    /// `log_level` and the sender `api_request_size` and `api_request_time`.
    func update(_ settings: AgentSettings) {
        let snapshot = SettingsSnapshot(settings)
        let previous = snapshotBox.withLock { current in
            defer { current = snapshot }
            return current.settings
        }
        logLevel.level = settings.logLevel
        if previous.apiRequestSize != settings.apiRequestSize || previous.apiRequestTime != settings.apiRequestTime {
            sender?.updateLimits(apiRequestSize: Int(settings.apiRequestSize), apiRequestTime: settings.apiRequestTime)
        }
    }

    /// Hands an ended transaction or span to the writer thread.
    func submit(_ event: CapturedEvent) {
        pipeline.submit(event)
    }

    /// Hands an error to the writer thread; under `queue_durability=strict` waits until it is committed.
    func submitError(_ event: ErrorEvent) {
        pipeline.submit(.error(event), durable: snapshot.settings.queueDurability == .strict)
    }
}
