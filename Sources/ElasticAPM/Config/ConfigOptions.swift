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

/// The table of every option the agent understands.
enum ConfigOptions {
    /// All options, in the order the start-up log lists them.
    static func all() -> [ConfigOption] {
        typealias P = ConfigValueParser
        let durationText: (Duration) -> String = { $0.configText }
        let patterns: (WildcardMatcherList) -> String = { $0.matchers.map(\.pattern).joined(separator: ", ") }
        return [
            .make(
                "service_name", \.serviceName, code: \.serviceName, parse: ServiceName.parse,
                validate: { (raw: String) throws(ConfigValueError) -> String in try ServiceName.parse(raw).get() }),
            .string("service_version", \.serviceVersion, code: \.serviceVersion),
            .string("environment", \.environment, code: \.environment),
            .string("service_node_name", \.serviceNodeName, code: \.serviceNodeName),
            .string("hostname", \.hostname, code: \.hostname),
            .make(
                "global_labels", \.globalLabels, code: \.globalLabelPairs,
                parse: { P.mapping($0).map { $0.map { ($0.key, $0.value) } } },
                describe: { $0.map { "\($0.0)=\($0.1)" }.joined(separator: ",") }),
            .make("enabled", \.enabled, code: \.enabled, parse: P.boolean),
            .make("recording", \.recording, code: \.recording, dynamic: true, parse: P.boolean),
            .make(
                "log_level", \.logLevel, code: \.logLevel, dynamic: true,
                parse: { P.logLevel($0).map(\.loggerLevel) }),
            .make(
                "server_url", \.serverURL, code: \.serverURL, parse: ServerURL.parse,
                validate: { (raw: String) throws(ConfigValueError) -> String in try ServerURL.parse(raw).get() }),
            .string("secret_token", \.secretToken, code: \.secretToken, secret: true),
            .string("api_key", \.apiKey, code: \.apiKey, secret: true),
            .make(
                "server_timeout", \.serverTimeout, code: \.serverTimeout,
                parse: { P.duration($0, defaultUnit: .seconds) }, validate: P.nonNegative, describe: durationText),
            .make("verify_server_cert", \.verifyServerCert, code: \.verifyServerCert, parse: P.boolean),
            .string("server_ca_cert_file", \.serverCACertFile, code: \.serverCACertFile),
            .make(
                "api_request_size", \.apiRequestSize, code: \.apiRequestSize, dynamic: true, parse: P.size,
                validate: { (value: Int64) throws(ConfigValueError) -> Int64 in try P.range(value, 1024...(64 << 20)) }),
            .make(
                "api_request_time", \.apiRequestTime, code: \.apiRequestTime, dynamic: true,
                parse: { P.duration($0, defaultUnit: .seconds) }, validate: P.positive, describe: durationText),
            .make("central_config", \.centralConfig, code: \.centralConfig, parse: P.boolean),
            .string("queue_path", \.queuePath, code: \.queuePath),
            .make(
                "queue_max_bytes", \.queueMaxBytes, code: \.queueMaxBytes, parse: P.size,
                validate: { (value: Int64) throws(ConfigValueError) -> Int64 in try P.range(value, (1 << 20)...Int64.max) }),
            .make(
                "queue_max_age", \.queueMaxAge, code: \.queueMaxAge,
                parse: { P.duration($0, defaultUnit: .seconds) }, validate: P.positive, describe: durationText),
            .make(
                "queue_memory_limit", \.queueMemoryLimit, code: \.queueMemoryLimit, parse: P.size,
                validate: { (value: Int64) throws(ConfigValueError) -> Int64 in try P.range(value, (64 << 10)...(1 << 30)) }),
            .make(
                "queue_commit_interval", \.queueCommitInterval, code: \.queueCommitInterval,
                parse: { P.duration($0, defaultUnit: .milliseconds) }, validate: P.positive, describe: durationText),
            .enumeration("queue_durability", \.queueDurability, code: \.queueDurability),
            .make(
                "transaction_sample_rate", \.transactionSampleRate, code: \.transactionSampleRate, dynamic: true,
                parse: P.sampleRate, validate: P.sampleRate),
            .make(
                "transaction_max_spans", \.transactionMaxSpans, code: \.transactionMaxSpans, dynamic: true,
                parse: { P.integer($0, in: 0...Int(Int32.max)) },
                validate: { (value: Int) throws(ConfigValueError) -> Int in try P.range(value, 0...Int(Int32.max)) }),
            .make(
                "span_compression_enabled", \.spanCompressionEnabled, code: \.spanCompressionEnabled, dynamic: true,
                parse: P.boolean),
            .make(
                "span_compression_exact_match_max_duration", \.spanCompressionExactMatchMaxDuration,
                code: \.spanCompressionExactMatchMaxDuration, dynamic: true,
                parse: { P.duration($0) }, validate: P.nonNegative, describe: durationText),
            .make(
                "span_compression_same_kind_max_duration", \.spanCompressionSameKindMaxDuration,
                code: \.spanCompressionSameKindMaxDuration, dynamic: true,
                parse: { P.duration($0) }, validate: P.nonNegative, describe: durationText),
            .make(
                "exit_span_min_duration", \.exitSpanMinDuration, code: \.exitSpanMinDuration, dynamic: true,
                parse: { P.granularDuration($0) }, validate: P.nonNegative, describe: durationText),
            .make(
                "span_stack_trace_min_duration", \.spanStackTraceMinDuration, code: \.spanStackTraceMinDuration,
                dynamic: true, parse: { P.duration($0, defaultUnit: .milliseconds) }, describe: durationText),
            .make(
                "stack_trace_limit", \.stackTraceLimit, code: \.stackTraceLimit, dynamic: true,
                parse: { P.integer($0, in: -1...10_000) },
                validate: { (value: Int) throws(ConfigValueError) -> Int in try P.range(value, -1...10_000) }),
            .enumeration("capture_body", \.captureBody, code: \.captureBody, dynamic: true),
            .make("capture_headers", \.captureHeaders, code: \.captureHeaders, dynamic: true, parse: P.boolean),
            .make(
                "sanitize_field_names", \.sanitizeFieldNames, code: \.sanitizeFieldNamesList, dynamic: true,
                parse: { .success(WildcardMatcherList(parsing: $0)) }, describe: patterns),
            .make(
                "transaction_ignore_urls", \.transactionIgnoreURLs, code: \.transactionIgnoreURLList, dynamic: true,
                parse: { .success(WildcardMatcherList(parsing: $0)) }, describe: patterns),
            .make(
                "long_field_max_length", \.longFieldMaxLength, code: \.longFieldMaxLength,
                parse: { P.integer($0, in: 1...1_000_000) },
                validate: { (value: Int) throws(ConfigValueError) -> Int in try P.range(value, 1...1_000_000) }),
            .enumeration(
                "trace_continuation_strategy", \.traceContinuationStrategy, code: \.traceContinuationStrategy,
                dynamic: true),
            .make(
                "metrics_interval", \.metricsInterval, code: \.metricsInterval,
                parse: { P.duration($0, defaultUnit: .seconds) }, validate: P.nonNegative, describe: durationText),
            .make("breakdown_metrics", \.breakdownMetrics, code: \.breakdownMetrics, parse: P.boolean),
            .make(
                "disable_metrics", \.disableMetrics, code: \.disableMetricsList,
                parse: { .success(WildcardMatcherList(parsing: $0)) }, describe: patterns),
            .make("log_sending", \.logSending, code: \.logSending, dynamic: true, parse: P.boolean),
            .make("disable_send", \.disableSend, parse: P.boolean),
            .make("include_process_args", \.includeProcessArgs, parse: P.boolean),
            .make(
                "transactions_ignore_patterns", \.transactionsIgnorePatterns, parse: RegexPatternList.parse,
                describe: { $0.description }),
            .make(
                "filter_exception_types", \.filterExceptionTypes, parse: { .success(P.list($0)) },
                describe: { $0.joined(separator: ", ") }),
            .make("use_elastic_traceparent_header", \.useElasticTraceparentHeader, parse: P.boolean),
            .make(
                "custom_metrics_histogram_boundaries", \.customMetricsHistogramBoundaries,
                parse: P.histogramBoundaries, describe: { $0.map { "\($0)" }.joined(separator: ",") }),
            .string("server_cert", \.serverCert, code: nil),
            .make(
                "baggage_to_attach", \.baggageToAttach, dynamic: true,
                parse: { .success(WildcardMatcherList(parsing: $0)) }, describe: patterns),
        ]
    }
}

extension ConfigOptions {
    /// Deprecated names still read, each with the option it stands for.
    static let aliases: [(name: String, replacement: String)] = [
        ("span_frames_min_duration", "span_stack_trace_min_duration")
    ]

    /// Every name an option can be given by: the options and their deprecated aliases.
    static let knownNames: [String] = all().map(\.name) + aliases.map(\.name)

    /// The known option name closest to `name` (edit distance), for "did you mean" warnings.
    static func closest(to name: String) -> String {
        knownNames.min { EditDistance.between(name, $0) < EditDistance.between(name, $1) } ?? ""
    }
}

extension APMAgent.Configuration {
    var globalLabelPairs: [(String, String)]? { globalLabels.map { $0.sorted { $0.key < $1.key } } }
    var sanitizeFieldNamesList: WildcardMatcherList? { sanitizeFieldNames.map { WildcardMatcherList($0) } }
    var transactionIgnoreURLList: WildcardMatcherList? { transactionIgnoreURLs.map { WildcardMatcherList($0) } }
    var disableMetricsList: WildcardMatcherList? { disableMetrics.map { WildcardMatcherList($0) } }
}
