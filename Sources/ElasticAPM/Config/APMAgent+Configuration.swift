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

extension APMAgent {
    /// Agent configuration given in code.
    ///
    /// Every property is optional: `nil` means "not set in code". The agent merges these values with
    /// `ELASTIC_APM_*` environment variables and its defaults (precedence: central/remote
    /// configuration > environment > code > default). An invalid value is ignored with a warning and
    /// the next source is used. The README lists every option with its environment name and default.
    public struct Configuration: Sendable {
        /// `service_name`: the name of this service (`^[a-zA-Z0-9 _-]+$`; other characters become `_`).
        public var serviceName: String?
        /// `service_version`: the deployed version of this service.
        public var serviceVersion: String?
        /// `environment`: e.g. `production`.
        public var environment: String?
        /// `service_node_name`: a unique name for this instance.
        public var serviceNodeName: String?
        /// `hostname`: overrides the detected host name.
        public var hostname: String?
        /// `global_labels`: labels added to every event.
        public var globalLabels: [String: String]?
        /// `enabled`: `false` turns every agent call into a no-op (not dynamic).
        public var enabled: Bool?
        /// `recording`: `false` captures nothing but keeps propagating trace context (dynamic).
        public var recording: Bool?
        /// `log_level`: the agent's own log level.
        public var logLevel: Logger.Level?

        /// `server_url`: the APM Server, default `http://127.0.0.1:8200`.
        public var serverURL: String?
        /// `secret_token`: sent as `Authorization: Bearer …`; never written to disk or logs.
        public var secretToken: String?
        /// `api_key`: sent as `Authorization: ApiKey …` (wins over the secret token); never written to disk or logs.
        public var apiKey: String?
        /// `server_timeout`: connect and request timeout.
        public var serverTimeout: Duration?
        /// `verify_server_cert`: verify the server's TLS certificate.
        public var verifyServerCert: Bool?
        /// `server_ca_cert_file`: a PEM file with the CA that signed the server's certificate.
        public var serverCACertFile: String?
        /// `api_request_size`: the compressed size at which a request is closed.
        public var apiRequestSize: Int64?
        /// `api_request_time`: the longest time a request stays open, and the idle poll interval.
        public var apiRequestTime: Duration?
        /// `central_config`: poll APM Server for remote configuration.
        public var centralConfig: Bool?

        /// `queue_path`: the SQLite queue file.
        public var queuePath: String?
        /// `queue_max_bytes`: disk cap of the queue; oldest events are evicted beyond it.
        public var queueMaxBytes: Int64?
        /// `queue_max_age`: events older than this are evicted.
        public var queueMaxAge: Duration?
        /// `queue_memory_limit`: bytes of captured events waiting for the writer thread; beyond it new events are dropped and counted.
        public var queueMemoryLimit: Int64?
        /// `queue_commit_interval`: how often the writer thread commits to disk.
        public var queueCommitInterval: Duration?
        /// `queue_durability`: `batched` (default) or `strict` (errors are on disk before `captureError` returns).
        public var queueDurability: QueueDurability?

        /// `transaction_sample_rate`: the share of transactions recorded with spans and context (0…1, 4 decimals).
        public var transactionSampleRate: Double?
        /// `transaction_max_spans`: spans recorded per transaction before further ones are dropped.
        public var transactionMaxSpans: Int?
        /// `span_compression_enabled`: compress consecutive similar fast exit spans into one.
        public var spanCompressionEnabled: Bool?
        /// `span_compression_exact_match_max_duration`: longest span compressed with an identical sibling.
        public var spanCompressionExactMatchMaxDuration: Duration?
        /// `span_compression_same_kind_max_duration`: longest span compressed with a same-kind sibling.
        public var spanCompressionSameKindMaxDuration: Duration?
        /// `exit_span_min_duration`: exit spans faster than this are dropped (and counted).
        public var exitSpanMinDuration: Duration?
        /// `span_stack_trace_min_duration`: spans at least this long carry a stack trace (negative: never, 0: always).
        public var spanStackTraceMinDuration: Duration?
        /// `stack_trace_limit`: frames kept per stack trace (0: none, -1: all).
        public var stackTraceLimit: Int?
        /// `capture_body`: `off`, `errors`, `transactions` or `all`.
        public var captureBody: CaptureBody?
        /// `capture_headers`: record HTTP headers.
        public var captureHeaders: Bool?
        /// `sanitize_field_names`: wildcard patterns of header, cookie and form field names whose values are redacted.
        public var sanitizeFieldNames: [String]?
        /// `transaction_ignore_urls`: wildcard patterns of URL paths for which no transaction is recorded.
        public var transactionIgnoreURLs: [String]?
        /// `long_field_max_length`: the limit for long fields (bodies, statements, messages).
        public var longFieldMaxLength: Int?
        /// `trace_continuation_strategy`: `continue`, `restart` or `restart_external`.
        public var traceContinuationStrategy: TraceContinuationStrategy?

        /// `metrics_interval`: how often the metrics thread reports; `0` disables metrics.
        public var metricsInterval: Duration?
        /// `breakdown_metrics`: report span self-time per transaction and span kind (`span.self_time.*`).
        public var breakdownMetrics: Bool?
        /// `disable_metrics`: wildcard patterns of metric sample names that are not reported.
        public var disableMetrics: [String]?

        /// `log_sending`: ``APMLogHandler`` also sends the records it receives as `log` events
        /// (APM Server 8.6 or later; dynamic).
        public var logSending: Bool?

        /// Any option by its snake_case name, as the Python agent's `Client(config={…})` takes them, with
        /// the value in its environment-variable form: `["disable_send": "true",
        /// "transactions_ignore_patterns": "^OPTIONS ,^HEAD "]`. A value here counts as set in code and
        /// wins over the typed property of the same option; an unknown name is warned about at start.
        /// The options without a typed property (`disable_send`, `include_process_args`,
        /// `transactions_ignore_patterns`, `filter_exception_types`, `use_elastic_traceparent_header`,
        /// `custom_metrics_histogram_boundaries`, `server_cert`, `baggage_to_attach`) are set here.
        public var options: [String: String] = [:]

        /// Creates an empty configuration (everything from the environment and defaults).
        public init() {}

        /// Creates a configuration with the most common settings.
        public init(serviceName: String?, serviceVersion: String? = nil, environment: String? = nil, serverURL: String? = nil) {
            self.serviceName = serviceName
            self.serviceVersion = serviceVersion
            self.environment = environment
            self.serverURL = serverURL
        }
    }
}

extension APMAgent.Configuration {
    /// `capture_body` values.
    public enum CaptureBody: String, Sendable, CaseIterable {
        /// Never capture bodies.
        case off
        /// Capture bodies for errors only.
        case errors
        /// Capture bodies for transactions only.
        case transactions
        /// Capture bodies for transactions and errors.
        case all
    }

    /// `trace_continuation_strategy` values.
    public enum TraceContinuationStrategy: String, Sendable, CaseIterable {
        /// Continue incoming traces.
        case `continue`
        /// Always start a new trace and link to the incoming one.
        case restart
        /// Continue only traces that carry an Elastic `es` tracestate entry.
        case restartExternal = "restart_external"
    }

    /// `queue_durability` values.
    public enum QueueDurability: String, Sendable, CaseIterable {
        /// Commit every `queue_commit_interval` (`synchronous=NORMAL`).
        case batched
        /// Errors are committed before `captureError` returns (`synchronous=FULL`).
        case strict
    }
}
