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

public import Logging

/// A swift-log `LogHandler` that reports log records to Elastic APM, like the Python agent's
/// logging handler.
///
/// - Records at or above ``errorCaptureLevel`` (default `.error`) are captured as error events:
///   `error.log` carries the message, level and logger name; the culprit is the call site
///   (`function (Module/File.swift:line)`); the record's metadata becomes custom context, with
///   `sanitize_field_names` applied; the error is linked to the current transaction and span.
///   An `Error` logged with swift-log's `error:` parameter, or as the metadata value
///   `.stringConvertible(error)` under the key `"error"`, becomes the error's exception.
/// - With `log_sending` on (dynamic, default off), every record the handler receives (at or
///   above ``logLevel``) is also sent as a `log` event, correlated with the current trace,
///   transaction and span, its metadata as labels.
///
/// It prints nothing: combine it with your console handler through `MultiplexLogHandler`.
/// The application's thread never waits: records become plain values handed to the agent's
/// writer thread through the same bounded hand-off as spans (drops are counted). The agent's
/// own log records are never captured, even when they reach this handler.
///
/// ```swift
/// LoggingSystem.bootstrap({ label, provider in
///     MultiplexLogHandler([
///         StreamLogHandler.standardOutput(label: label, metadataProvider: provider),
///         APMLogHandler(label: label),
///     ])
/// }, metadataProvider: APMAgent.logMetadataProvider)
/// ```
public struct APMLogHandler: LogHandler {
    /// The metadata key under which an `Error` value (`.stringConvertible(error)`) becomes the
    /// captured error's exception, when the record has no `error:` of its own.
    static let errorMetadataKey = "error"

    /// The logger's label, sent as the logger name.
    let label: String
    /// The least level captured as an error event; `nil` captures none.
    public var errorCaptureLevel: Logger.Level?
    /// The least level this handler receives; with `log_sending` on, the records it receives are sent as `log` events.
    public var logLevel: Logger.Level = .info
    /// Metadata set on the logger (`logger[metadataKey:]`).
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata to every record, e.g. ``APMAgent/logMetadataProvider-swift.type.property``.
    public var metadataProvider: Logger.MetadataProvider?
    private let agent: @Sendable () -> APMAgent

    /// A handler for the logger `label` that reports to `agent`, or when `nil` to whichever agent
    /// is ``APMAgent/shared`` when a record is made (so it may be created before the agent starts).
    ///
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - agent: the agent to report to; `nil` for the shared agent.
    ///   - errorCaptureLevel: the least level captured as an error event; `nil` captures none.
    ///   - metadataProvider: adds metadata to every record.
    public init(
        label: String, agent: APMAgent? = nil, errorCaptureLevel: Logger.Level? = .error,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        if let agent {
            self.init(label: label, errorCaptureLevel: errorCaptureLevel, metadataProvider: metadataProvider) { agent }
        } else {
            self.init(label: label, errorCaptureLevel: errorCaptureLevel, metadataProvider: metadataProvider) {
                APMAgent.shared
            }
        }
    }

    /// A handler that asks `agent` for the agent to report to at each record.
    init(
        label: String, errorCaptureLevel: Logger.Level?, metadataProvider: Logger.MetadataProvider?,
        agent: @escaping @Sendable () -> APMAgent
    ) {
        self.label = label
        self.errorCaptureLevel = errorCaptureLevel
        self.metadataProvider = metadataProvider
        self.agent = agent
    }

    /// Reads or sets one metadata value of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Captures `event` as described above; records the agent itself logs are ignored.
    public func log(event: LogEvent) {
        guard !AgentLogRecords.isEmitting else { return }
        agent().captureLogRecord(
            event, loggerName: label, errorCaptureLevel: errorCaptureLevel,
            handlerMetadata: metadata, metadataProvider: metadataProvider)
    }
}
