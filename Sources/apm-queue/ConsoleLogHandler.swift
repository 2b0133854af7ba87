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

/// Shows what the sender logs (outages, recoveries, rejections) as `apm-queue: …` lines on
/// standard error through the progress display. The sender removes secrets from every message
/// before logging it.
struct ConsoleLogHandler: LogHandler {
    let display: ProgressDisplay
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        display.message(HumanFormat.singleLine(event.message.description))
    }
}
