import Logging

/// The effective configuration after merging defaults, code, environment and remote values.
public struct AgentSettings: Sendable {
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
    public enum Durability: String, Sendable, CaseIterable {
        /// Commit every `queue_commit_interval` (`synchronous=NORMAL`).
        case batched
        /// Errors are committed before `captureError` returns (`synchronous=FULL`).
        case strict
    }

    /// The default `sanitize_field_names` patterns (the spec's minimum plus `pw`, `pass`, `connect.sid`).
    public static let defaultSanitizeFieldNames = [
        "password", "passwd", "pwd", "secret", "*key", "*token*", "*session*", "*credit*", "*card*", "*auth*",
        "set-cookie", "*principal*", "pw", "pass", "connect.sid",
    ]

    /// See ``Configuration/serviceName``.
    public var serviceName = ""
    /// See ``Configuration/serviceVersion``.
    public var serviceVersion: String?
    /// See ``Configuration/environment``.
    public var environment: String?
    /// See ``Configuration/serviceNodeName``.
    public var serviceNodeName: String?
    /// See ``Configuration/hostname``.
    public var hostname: String?
    /// See ``Configuration/globalLabels``.
    public var globalLabels: [(String, String)] = []
    /// See ``Configuration/enabled``.
    public var enabled = true
    /// See ``Configuration/recording``.
    public var recording = true
    /// See ``Configuration/logLevel``.
    public var logLevel: Logger.Level = .info

    /// See ``Configuration/serverURL``.
    public var serverURL = "http://127.0.0.1:8200"
    /// See ``Configuration/secretToken``.
    public var secretToken: String?
    /// See ``Configuration/apiKey``.
    public var apiKey: String?
    /// See ``Configuration/serverTimeout``.
    public var serverTimeout: Duration = .seconds(5)
    /// See ``Configuration/verifyServerCert``.
    public var verifyServerCert = true
    /// See ``Configuration/serverCACertFile``.
    public var serverCACertFile: String?
    /// See ``Configuration/apiRequestSize``.
    public var apiRequestSize: Int64 = 768 * 1024
    /// See ``Configuration/apiRequestTime``.
    public var apiRequestTime: Duration = .seconds(10)
    /// See ``Configuration/centralConfig``.
    public var centralConfig = true

    /// See ``Configuration/queuePath``; `nil` means the default location.
    public var queuePath: String?
    /// See ``Configuration/queueMaxBytes``.
    public var queueMaxBytes: Int64 = 256 * 1024 * 1024
    /// See ``Configuration/queueMaxAge``.
    public var queueMaxAge: Duration = .seconds(72 * 3600)
    /// See ``Configuration/queueMemoryLimit``.
    public var queueMemoryLimit: Int64 = 16 * 1024 * 1024
    /// See ``Configuration/queueCommitInterval``.
    public var queueCommitInterval: Duration = .milliseconds(10)
    /// See ``Configuration/queueDurability``.
    public var queueDurability: Durability = .batched

    /// See ``Configuration/transactionSampleRate``.
    public var transactionSampleRate = 1.0
    /// See ``Configuration/transactionMaxSpans``.
    public var transactionMaxSpans = 500
    /// See ``Configuration/spanCompressionEnabled``.
    public var spanCompressionEnabled = true
    /// See ``Configuration/spanCompressionExactMatchMaxDuration``.
    public var spanCompressionExactMatchMaxDuration: Duration = .milliseconds(50)
    /// See ``Configuration/spanCompressionSameKindMaxDuration``.
    public var spanCompressionSameKindMaxDuration: Duration = .zero
    /// See ``Configuration/exitSpanMinDuration``.
    public var exitSpanMinDuration: Duration = .zero
    /// See ``Configuration/spanStackTraceMinDuration``.
    public var spanStackTraceMinDuration: Duration = .milliseconds(5)
    /// See ``Configuration/stackTraceLimit``.
    public var stackTraceLimit = 50
    /// See ``Configuration/captureBody``.
    public var captureBody: CaptureBody = .off
    /// See ``Configuration/captureHeaders``.
    public var captureHeaders = true
    /// See ``Configuration/sanitizeFieldNames``.
    public var sanitizeFieldNames = WildcardMatcherList(AgentSettings.defaultSanitizeFieldNames)
    /// See ``Configuration/transactionIgnoreURLs``.
    public var transactionIgnoreURLs = WildcardMatcherList([])
    /// See ``Configuration/longFieldMaxLength``.
    public var longFieldMaxLength = 10_000
    /// See ``Configuration/traceContinuationStrategy``.
    public var traceContinuationStrategy: TraceContinuationStrategy = .continue

    /// See ``Configuration/metricsInterval``.
    public var metricsInterval: Duration = .seconds(30)
    /// See ``Configuration/breakdownMetrics``.
    public var breakdownMetrics = true
    /// See ``Configuration/disableMetrics``.
    public var disableMetrics = WildcardMatcherList([])

    /// See ``Configuration/logSending``.
    public var logSending = false

    /// Defaults only.
    public init() {}
}
