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

/// A swift-log record on its way to APM Server as a `log` event (`log_sending`), as handed from
/// the application thread to the writer thread: the record's own values, unconverted; the
/// writer turns its metadata into labels and applies `sanitize_field_names`.
struct LogRecordEvent: Sendable {
    /// When the record was made, µs since the epoch.
    var timestamp: Int64
    var message: String
    var level: Logger.Level
    /// The logger's label.
    var loggerName: String
    /// The `#fileID` of the call site, e.g. `Checkout/OrderHandler.swift`.
    var file: String
    var function: String
    var line: UInt
    /// The current trace, transaction and span when the record was made (32 and 16 hex digits).
    var traceID: String?
    var transactionID: String?
    var spanID: String?
    /// The error logged with the record: its type name and message.
    var error: (type: String, message: String)?
    /// The handler's metadata, the metadata providers' and the record's own, merged.
    var metadata: Logger.Metadata
}
