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
import APMStore
import APMTransport
public import Foundation
import Logging
import Synchronization

/// The Elastic APM agent: the Swift counterpart of the Python agent's `Client`.
///
/// Start it once with ``start(_:environment:)`` (it reads `ELASTIC_APM_*` environment variables),
/// then capture transactions, spans and errors through it or through ``shared`` (the Python
/// agent's `get_client()`). Every capture call hands plain values to the agent's writer thread and
/// returns without disk or network I/O. Call `close(timeout:)` before the process exits.
public final class APMAgent: Sendable {
    let core: AgentCore?
    /// The swift-metrics backend, breakdown accumulator and metrics thread.
    let metrics: AgentMetrics
    /// The config thread; `nil` with `central_config=false` or when nothing talks to APM Server.
    let poller: RemoteConfigPoller?
    private let closed = Atomic<Bool>(false)

    private static let sharedAgent = Mutex<APMAgent?>(nil)
    private static let disabledAgent = APMAgent(disabled: ())

    /// The agent started last with ``start(_:environment:)``, or a disabled agent whose calls do nothing.
    public static var shared: APMAgent {
        sharedAgent.withLock { $0 } ?? disabledAgent
    }

    /// Whether ``start(_:environment:)`` has been called.
    static var isStarted: Bool { sharedAgent.withLock { $0 != nil } }

    /// Creates an agent from `configuration` merged with `environment` (`ELASTIC_APM_*`) and makes it ``shared``.
    @discardableResult
    public static func start(
        _ configuration: APMAgent.Configuration = APMAgent.Configuration(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> APMAgent {
        let agent = APMAgent(configuration: configuration, environment: environment)
        sharedAgent.withLock { $0 = agent }
        return agent
    }

    /// Creates an agent that is not ``shared``.
    ///
    /// A sender thread drains its queue file (`queue_path`) to APM Server and a config thread
    /// polls central configuration (`central_config`), caching it in the queue file.
    ///
    /// - Parameters:
    ///   - configuration: values from code.
    ///   - environment: the environment to read `ELASTIC_APM_*` variables from.
    public convenience init(
        configuration: APMAgent.Configuration = APMAgent.Configuration(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.init(configuration: configuration, environment: environment, inMemoryQueue: nil)
    }

    /// Creates an agent that is not ``shared``, for the package's tests and `apm-demo`.
    ///
    /// - Parameters:
    ///   - configuration: values from code.
    ///   - environment: the environment to read `ELASTIC_APM_*` variables from.
    ///   - inMemoryQueue: keep encoded events in this in-memory queue instead of the queue file (tests, demos).
    ///   - ndjsonMirrorPath: also write every stored line (metadata first) to this file.
    ///
    /// With the default queue file, a sender thread drains it to APM Server and a config thread
    /// polls central configuration (`central_config`), caching it in the queue file; with
    /// `inMemoryQueue` nothing is sent and no configuration is polled.
    package convenience init(
        configuration: APMAgent.Configuration = APMAgent.Configuration(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        inMemoryQueue: InMemoryQueueWriter?, ndjsonMirrorPath: String? = nil
    ) {
        self.init(
            configuration: configuration, environment: environment, ndjsonMirrorPath: ndjsonMirrorPath,
            sendsToServer: inMemoryQueue == nil,
            remoteConfig: inMemoryQueue == nil ? RemoteConfigPollerConfiguration() : nil,
            healthCounters: { settings in
                inMemoryQueue.map { .memory($0) } ?? .queueFile(settings.resolvedQueuePath)
            }
        ) { settings, logger in
            if let inMemoryQueue { return inMemoryQueue }
            return try SQLiteQueueWriter(
                path: settings.resolvedQueuePath, settings: settings,
                log: { message in logger.error("\(message)") })
        }
    }

    /// Creates an agent whose writer thread stores events in the store `makeStore` opens (on that
    /// thread); with `sendsToServer`, a sender drains the queue file at `queue_path` to APM Server;
    /// with `remoteConfig` (and `central_config` on), a config thread polls central
    /// configuration; the metrics thread reads agent-health counters from `healthCounters(settings)`.
    /// The agent logs through `logHandler`, by default the handler of the application's
    /// logging system for the label `co.elastic.apm`. The agent's threads sleep through `clock`
    /// (metrics interval, central configuration polling); tests pass a ``ManualClock``.
    init(
        configuration: APMAgent.Configuration, environment: [String: String], ndjsonMirrorPath: String?,
        sendsToServer: Bool = false,
        remoteConfig: RemoteConfigPollerConfiguration? = nil,
        logHandler: (any LogHandler)? = nil,
        clock: any AgentClock = SystemClock(),
        healthCounters: (AgentSettings) -> HealthCounterStore = { _ in .none },
        makeStore: @escaping @Sendable (AgentSettings, Logger) throws -> QueueWriter
    ) {
        let resolver = ConfigurationResolver(code: configuration, environment: environment)
        var warnings = resolver.unknownNameWarnings()
        let resolution = resolver.resolve(warn: { warnings.append($0) })
        let settings = resolution.settings
        let logLevel = LiveLogLevel(settings.logLevel)
        let base = logHandler ?? Logger(label: "co.elastic.apm").handler
        let logger = Logger(label: "co.elastic.apm") { _ in AgentLogHandler(wrapping: base, level: logLevel) }
        guard settings.enabled else {
            self.core = nil
            self.metrics = AgentMetrics()
            self.poller = nil
            logger.info("Elastic APM agent disabled (enabled=false)")
            return
        }
        let pipeline = EventPipeline(
            memoryLimit: Int(settings.queueMemoryLimit), commitInterval: settings.queueCommitInterval, logger: logger)
        let sender =
            sendsToServer && !settings.disableSend
            ? IntakeSenderFactory.make(settings: settings, environment: environment, logger: logger) : nil
        let core = AgentCore(
            settings: settings, pipeline: pipeline, sender: sender, logger: logger, logLevel: logLevel,
            breakdown: AgentMetrics.breakdownAccumulator(for: settings))
        let poller = remoteConfig.flatMap { remoteConfig -> RemoteConfigPoller? in
            guard settings.centralConfig, !settings.disableSend else { return nil }
            return RemoteConfigPoller(
                core: core, resolver: resolver,
                client: IntakeSenderFactory.clientConfiguration(settings: settings, environment: environment),
                queuePath: remoteConfig.cachesInQueueFile ? settings.resolvedQueuePath : nil, configuration: remoteConfig,
                clock: clock)
        }
        // The cached central configuration is in force before the first capture.
        poller?.applyCachedConfiguration()
        let metrics = AgentMetrics(
            settings: settings, pipeline: pipeline, breakdown: core.breakdown,
            counters: healthCounters(settings), clock: clock,
            current: { [core] in core.snapshot.settings })
        self.core = core
        self.metrics = metrics
        self.poller = poller
        let sources = resolution.sources
        let startupWarnings = warnings
        let ephemeralID = UUID().uuidString.lowercased()
        sender?.start()
        metrics.start()
        poller?.start()
        pipeline.start(settings: { [core] in core.snapshot.settings }) { [core] in
            metrics.waitUntilPrimed()
            let settings = core.snapshot.settings
            StartupLog.write(
                settings: settings, sources: poller?.cachedConfigSources ?? sources, warnings: startupWarnings,
                logger: core.logger)
            let metadata = MetadataCollector().collect(settings: settings, ephemeralID: ephemeralID)
            let line = metadata.encoded()
            do {
                let store = try makeStore(settings, core.logger)
                let metadataID = try store.registerMetadata(line, createdAt: SystemClock().wallMicros)
                let tap = try ndjsonMirrorPath.map { path throws(QueueWriteFailure) in
                    try NDJSONTap(path: path, metadataLine: line)
                }
                return EventPipeline.Environment(
                    store: store, metadataID: metadataID, tap: tap,
                    onCommit: { bytes, events in sender?.committed(bytes: bytes, events: events) })
            } catch {
                core.logger.error("Elastic APM agent cannot store events: \(error); capture is count-and-drop")
                return nil
            }
        }
    }

    private init(disabled: Void) {
        self.core = nil
        self.metrics = AgentMetrics()
        self.poller = nil
    }

    /// The live core, or `nil` when the agent is disabled or closed.
    var activeCore: AgentCore? {
        guard let core, !closed.load(ordering: .relaxed) else { return nil }
        return core
    }

    /// Whether the agent captures anything (`enabled=true` and not closed).
    public var isEnabled: Bool { activeCore != nil }

    /// The effective settings (defaults, code, environment and remote configuration merged).
    var settings: AgentSettings { core?.snapshot.settings ?? AgentSettings() }

    /// The effective `capture_body` (it may change through central configuration): an integration
    /// that reads request bodies for ``setRequestBody(_:)`` can skip reading them when it is `off`.
    public var captureBody: Configuration.CaptureBody { settings.captureBody }

    /// What was captured, stored and dropped since start.
    public var statistics: APMAgent.Statistics {
        core?.pipeline.statistics ?? APMAgent.Statistics(captured: [:], stored: 0, dropped: [:], truncated: 0)
    }

    /// Sends everything captured before this call to APM Server, waiting at most `timeout`.
    ///
    /// Returns when every such event is acknowledged by the server (or rejected for good), or when
    /// the timeout passes; the report says which and how many are left. Events that could not be
    /// sent stay in the queue file and are sent later (by this process, the next one, or
    /// `apm-queue flush`).
    public func flush(timeout: Duration = .seconds(10)) async -> APMAgent.FlushReport {
        guard let core = activeCore else { return APMAgent.FlushReport(sent: 0, remaining: 0, completed: true) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        let queued = await Task.detached { core.pipeline.flush(timeout: timeout) }.value
        guard let sender = core.sender else {
            return APMAgent.FlushReport(sent: 0, remaining: queued ? 0 : 1, completed: queued)
        }
        let result = await sender.flush(timeout: max(.zero, deadline - clock.now))
        return APMAgent.FlushReport(sent: result.sent, remaining: result.remaining, completed: queued && result.completed)
    }

    /// The blocking form of ``flush(timeout:)`` for synchronous code such as a script's `main`.
    @available(*, noasync, message: "use flush(timeout:) in async code")
    public func flushBlocking(timeout: Duration = .seconds(10)) -> APMAgent.FlushReport {
        guard let core = activeCore else { return APMAgent.FlushReport(sent: 0, remaining: 0, completed: true) }
        return Self.flush(core, timeout: timeout)
    }

    private static func flush(_ core: AgentCore, timeout: Duration) -> APMAgent.FlushReport {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        let queued = core.pipeline.flush(timeout: timeout)
        guard let sender = core.sender else { return APMAgent.FlushReport(sent: 0, remaining: queued ? 0 : 1, completed: queued) }
        let result = sender.flushBlocking(timeout: max(.zero, deadline - clock.now))
        return APMAgent.FlushReport(sent: result.sent, remaining: result.remaining, completed: queued && result.completed)
    }

    /// Flushes (see ``flush(timeout:)``), then stops the agent's threads, all within about `timeout`.
    /// Afterwards every call on this agent is a harmless no-op. Call it before the process exits;
    /// events not sent by then stay in the queue file for the next run. The blocking work runs on a
    /// thread of its own, so no task executor thread is held while the queue drains; synchronous code
    /// calls ``closeBlocking(timeout:)``.
    @discardableResult
    public func close(timeout: Duration = .seconds(5)) async -> APMAgent.FlushReport {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in continuation.resume(returning: shutDown(timeout: timeout)) }
            thread.name = "elastic-apm-close"
            thread.start()
        }
    }

    /// The blocking form of ``close(timeout:)`` for synchronous code: flushes (see
    /// ``flushBlocking(timeout:)``), then stops the agent's threads, all within about `timeout`.
    /// Afterwards every call on this agent is a harmless no-op. Call it before the process exits;
    /// events not sent by then stay in the queue file for the next run.
    ///
    /// It has a name of its own, as `flushBlocking` does, so that `await agent.close()` compiles
    /// everywhere, top-level code (`main.swift`) included.
    @available(*, noasync, message: "use the async close(timeout:) in async code")
    @discardableResult
    public func closeBlocking(timeout: Duration = .seconds(5)) -> APMAgent.FlushReport {
        shutDown(timeout: timeout)
    }

    /// The least time `close` gives the writer to commit pending events to the queue file.
    static let localCommitGrace: Duration = .seconds(2)

    private func shutDown(timeout: Duration) -> APMAgent.FlushReport {
        guard let core, !closed.exchange(true, ordering: .acquiringAndReleasing) else {
            return APMAgent.FlushReport(sent: 0, remaining: 0, completed: true)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        poller?.stop(timeout: timeout / 4)
        // The metrics thread collects once more, so the last interval is flushed with the rest; that
        // is local work, so like the commit below it gets `localCommitGrace` whatever `timeout` is.
        metrics.stop(timeout: max(min(timeout / 4, .seconds(1)), Self.localCommitGrace))
        // Writing to the local queue is what makes events durable: it gets at least
        // `localCommitGrace`, even when `timeout` (meant for the network) is shorter.
        let queued = core.pipeline.flush(timeout: max(deadline - clock.now, Self.localCommitGrace))
        var report = APMAgent.FlushReport(sent: 0, remaining: queued ? 0 : 1, completed: queued)
        if let sender = core.sender {
            let result = sender.flushBlocking(timeout: max(.zero, deadline - clock.now))
            report = APMAgent.FlushReport(sent: result.sent, remaining: result.remaining, completed: queued && result.completed)
        }
        core.pipeline.stop(timeout: Self.localCommitGrace)
        if let sender = core.sender {
            sender.stop(timeout: max(.milliseconds(100), deadline - clock.now))
            // What the queue holds once the writer and the sender are done, not the sender's last estimate.
            if let remaining = core.pipeline.queuedEventCount() {
                report = FlushReport(sent: report.sent, remaining: remaining, completed: queued && remaining == 0)
            }
        }
        Self.sharedAgent.withLock { shared in
            if shared === self { shared = nil }
        }
        return report
    }

    /// Waits until the config thread has applied the cached central configuration (or found
    /// none); `true` at once without a config thread, `false` on time-out.
    func waitUntilCachedConfigApplied(timeout: Duration = .seconds(5)) -> Bool {
        poller?.waitUntilCacheSettled(timeout: timeout) ?? true
    }

    /// Waits until everything captured before this call is written to the queue; `false` on time-out.
    package func waitUntilQueued(timeout: Duration = .seconds(5)) -> Bool {
        core?.pipeline.flush(timeout: timeout) ?? true
    }
}
