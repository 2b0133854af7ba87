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

/// A captured error or message, as handed from the application thread to the writer thread.
struct ErrorEvent: Sendable {
    var id: APMTraceID
    var timestamp: Int64
    var traceID: APMTraceID?
    var transactionID: APMSpanID?
    var parentID: APMSpanID?
    var transaction: TransactionInfo?
    var culprit: String?
    var exception: Exception?
    var log: Log?
    var context: EventContext

    /// The transaction an error happened in.
    struct TransactionInfo: Sendable {
        var name: String
        var type: String
        var sampled: Bool
    }

    /// `error.exception`.
    struct Exception: Sendable {
        var message: String
        var type: String
        var module: String?
        var code: String?
        var handled: Bool
        var stackTrace: CapturedStackTrace?
    }

    /// `error.log`.
    struct Log: Sendable {
        var message: String
        var paramMessage: String?
        var level: String?
        var loggerName: String?
        var stackTrace: CapturedStackTrace?
        /// The metadata of the swift-log record this error was captured from (see ``APMLogHandler``),
        /// unconverted; the writer adds it to `context.custom` with `sanitize_field_names` applied.
        var metadata: Logger.Metadata = [:]
    }
}
