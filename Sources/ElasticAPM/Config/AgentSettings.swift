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

/// The effective configuration after merging defaults, code, environment and remote values.
struct AgentSettings: Sendable {
    /// `capture_body` values.
    typealias CaptureBody = APMAgent.Configuration.CaptureBody
    /// `trace_continuation_strategy` values.
    typealias TraceContinuationStrategy = APMAgent.Configuration.TraceContinuationStrategy
    /// `queue_durability` values.
    typealias Durability = APMAgent.Configuration.QueueDurability

    /// The default `sanitize_field_names` patterns (the spec's minimum plus `pw`, `pass`, `connect.sid`).
    static let defaultSanitizeFieldNames = [
        "password", "passwd", "pwd", "secret", "*key", "*token*", "*session*", "*credit*", "*card*", "*auth*",
        "set-cookie", "*principal*", "pw", "pass", "connect.sid",
    ]

    /// See ``APMAgent.Configuration/serviceName``.
    var serviceName = ""
    /// See ``APMAgent.Configuration/serviceVersion``.
    var serviceVersion: String?
    /// See ``APMAgent.Configuration/environment``.
    var environment: String?
    /// See ``APMAgent.Configuration/serviceNodeName``.
    var serviceNodeName: String?
    /// See ``APMAgent.Configuration/hostname``.
    var hostname: String?
    /// See ``APMAgent.Configuration/globalLabels``.
    var globalLabels: [(String, String)] = []
    /// See ``APMAgent.Configuration/enabled``.
    var enabled = true
    /// See ``APMAgent.Configuration/recording``.
    var recording = true
    /// See ``APMAgent.Configuration/logLevel``.
    var logLevel: Logger.Level = .info

    /// See ``APMAgent.Configuration/serverURL``.
    var serverURL = "http://127.0.0.1:8200"
    /// See ``APMAgent.Configuration/secretToken``.
    var secretToken: String?
    /// See ``APMAgent.Configuration/apiKey``.
    var apiKey: String?
    /// See ``APMAgent.Configuration/serverTimeout``.
    var serverTimeout: Duration = .seconds(5)
    /// See ``APMAgent.Configuration/verifyServerCert``.
    var verifyServerCert = true
    /// See ``APMAgent.Configuration/serverCACertFile``.
    var serverCACertFile: String?
    /// See ``APMAgent.Configuration/apiRequestSize``.
    var apiRequestSize: Int64 = 768 * 1024
    /// See ``APMAgent.Configuration/apiRequestTime``.
    var apiRequestTime: Duration = .seconds(10)
    /// See ``APMAgent.Configuration/centralConfig``.
    var centralConfig = true

    /// See ``APMAgent.Configuration/queuePath``; `nil` means the default location.
    var queuePath: String?
    /// See ``APMAgent.Configuration/queueMaxBytes``.
    var queueMaxBytes: Int64 = 256 * 1024 * 1024
    /// See ``APMAgent.Configuration/queueMaxAge``.
    var queueMaxAge: Duration = .seconds(72 * 3600)
    /// See ``APMAgent.Configuration/queueMemoryLimit``.
    var queueMemoryLimit: Int64 = 16 * 1024 * 1024
    /// See ``APMAgent.Configuration/queueCommitInterval``.
    var queueCommitInterval: Duration = .milliseconds(10)
    /// See ``APMAgent.Configuration/queueDurability``.
    var queueDurability: Durability = .batched

    /// See ``APMAgent.Configuration/transactionSampleRate``.
    var transactionSampleRate = 1.0
    /// See ``APMAgent.Configuration/transactionMaxSpans``.
    var transactionMaxSpans = 500
    /// See ``APMAgent.Configuration/spanCompressionEnabled``.
    var spanCompressionEnabled = true
    /// See ``APMAgent.Configuration/spanCompressionExactMatchMaxDuration``.
    var spanCompressionExactMatchMaxDuration: Duration = .milliseconds(50)
    /// See ``APMAgent.Configuration/spanCompressionSameKindMaxDuration``.
    var spanCompressionSameKindMaxDuration: Duration = .zero
    /// See ``APMAgent.Configuration/exitSpanMinDuration``.
    var exitSpanMinDuration: Duration = .zero
    /// See ``APMAgent.Configuration/spanStackTraceMinDuration``.
    var spanStackTraceMinDuration: Duration = .milliseconds(5)
    /// See ``APMAgent.Configuration/stackTraceLimit``.
    var stackTraceLimit = 50
    /// See ``APMAgent.Configuration/captureBody``.
    var captureBody: CaptureBody = .off
    /// See ``APMAgent.Configuration/captureHeaders``.
    var captureHeaders = true
    /// See ``APMAgent.Configuration/sanitizeFieldNames``.
    var sanitizeFieldNames = WildcardMatcherList(AgentSettings.defaultSanitizeFieldNames)
    /// See ``APMAgent.Configuration/transactionIgnoreURLs``.
    var transactionIgnoreURLs = WildcardMatcherList([])
    /// See ``APMAgent.Configuration/longFieldMaxLength``.
    var longFieldMaxLength = 10_000
    /// See ``APMAgent.Configuration/traceContinuationStrategy``.
    var traceContinuationStrategy: TraceContinuationStrategy = .continue

    /// See ``APMAgent.Configuration/metricsInterval``.
    var metricsInterval: Duration = .seconds(30)
    /// See ``APMAgent.Configuration/breakdownMetrics``.
    var breakdownMetrics = true
    /// See ``APMAgent.Configuration/disableMetrics``.
    var disableMetrics = WildcardMatcherList([])

    /// See ``APMAgent.Configuration/logSending``.
    var logSending = false

    /// `disable_send`: everything is captured and queued, nothing is sent and no central
    /// configuration is polled (the queue file keeps the events for a later run or `apm-queue flush`).
    var disableSend = false
    /// `include_process_args`: whether `process.argv` is sent in the metadata (off: arguments may hold secrets).
    var includeProcessArgs = false
    /// `transactions_ignore_patterns`: regular expressions; a transaction whose name any of them finds is not reported.
    var transactionsIgnorePatterns = RegexPatternList([])
    /// `filter_exception_types`: error type names (`MyError` or `Module.MyError`) that are not captured as errors.
    var filterExceptionTypes: [String] = []
    /// `use_elastic_traceparent_header`: also propagate the legacy `elastic-apm-traceparent` header.
    var useElasticTraceparentHeader = true
    /// `custom_metrics_histogram_boundaries`: bucket bounds of swift-metrics recorders and timers.
    var customMetricsHistogramBoundaries = HistogramBuckets.defaultBounds
    /// `server_cert`: a PEM file holding the only certificate APM Server may present (pinning).
    var serverCert: String?
    /// `baggage_to_attach`: keys of incoming W3C baggage attached to events (as `baggage.<key>`).
    var baggageToAttach = WildcardMatcherList(["*"])

    /// Defaults only.
    init() {}
}
