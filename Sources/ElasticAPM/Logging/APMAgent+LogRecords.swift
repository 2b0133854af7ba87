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

import APMRuntime
import Logging

extension APMAgent {
    /// Captures a swift-log record an ``APMLogHandler`` received: as an error event when its level
    /// is at least `errorCaptureLevel`, and as a `log` event when `log_sending` is on. Hands plain
    /// values to the writer thread like every other capture (no encoding, no I/O; dropped and
    /// counted when the hand-off is full).
    ///
    /// - Parameters:
    ///   - record: the record as swift-log passes it to handlers.
    ///   - loggerName: the logger's label.
    ///   - errorCaptureLevel: the least level captured as an error; `nil` for none.
    ///   - handlerMetadata: the handler's own metadata (`logger[metadataKey:]`).
    ///   - metadataProvider: the handler's metadata provider.
    func captureLogRecord(
        _ record: LogEvent, loggerName: String, errorCaptureLevel: Logger.Level?,
        handlerMetadata: Logger.Metadata, metadataProvider: Logger.MetadataProvider?
    ) {
        guard let core = activeCore else { return }
        let snapshot = core.snapshot
        let asError = errorCaptureLevel.map { record.level >= $0 } ?? false
        let asLog = snapshot.settings.logSending
        guard asError || asLog, snapshot.settings.recording else { return }
        var metadata = handlerMetadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            metadata.merge(provided) { _, provided in provided }
        }
        if let explicit = record.metadata {
            metadata.merge(explicit) { _, explicit in explicit }
        }
        var error = record.error
        if error == nil, case .stringConvertible(let value)? = metadata[APMLogHandler.errorMetadataKey],
            let logged = value as? any Error
        {
            error = logged
            metadata[APMLogHandler.errorMetadataKey] = nil
        }
        let message = record.message.description
        let errorType = error.map { ExceptionDescription.type(of: $0) }
        let errorMessage = error.map { ExceptionDescription.message(of: $0) }
        let filtered = errorType.map {
            ExceptionDescription.isFiltered(type: $0.type, module: $0.module, by: core.snapshot.settings.filterExceptionTypes)
        }
        if asError, filtered != true {
            let exception = errorType.map { type in
                ErrorEvent.Exception(
                    message: errorMessage ?? "", type: type.type, module: type.module, code: nil,
                    handled: true, stackTrace: nil)
            }
            let log = ErrorEvent.Log(
                message: message, paramMessage: nil, level: record.level.rawValue,
                loggerName: loggerName, stackTrace: nil, metadata: metadata)
            _ = Self.submitError(
                core: core, exception: exception, log: log, context: nil, custom: [:], timestamp: nil,
                parent: ActiveContext.current,
                culprit: "\(record.function) (\(record.file):\(record.line))", strictDurability: false)
        }
        if asLog {
            let event = LogRecordEvent(
                timestamp: SystemClock().wallMicros, message: message, level: record.level, loggerName: loggerName,
                file: record.file, function: record.function, line: record.line,
                traceID: currentTraceID, transactionID: currentTransactionID, spanID: currentSpanID,
                error: errorType.map { ($0.type, errorMessage ?? "") }, metadata: metadata)
            core.submit(.log(event))
        }
    }
}
