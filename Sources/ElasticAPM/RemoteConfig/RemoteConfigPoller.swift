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
import Foundation
import Logging

/// The config thread: polls APM Server's agent configuration (`/config/v1/agents`) and
/// applies it, caching it in the queue file so that a restart without network starts with the
/// last configuration seen.
///
/// Before the agent's start returns, ``applyCachedConfiguration()`` reads the configuration
/// cached for this service name and environment (one small read of the queue file, on the
/// thread that starts the agent) and applies it, so nothing is captured or stored under other
/// settings. Then the thread polls right away and again every
/// `Cache-Control: max-age` (see ``RemoteConfigPollerConfiguration``), sending the etag of the
/// configuration it applied last as `If-None-Match`. The queue file is opened by this thread
/// on its own connection; network work runs on the HTTP client's event loop thread.
final class RemoteConfigPoller: @unchecked Sendable {
    /// The thread's name.
    static let threadName = "elastic-apm-config"

    private let worker: Worker
    // Guarded by `worker.lock`.
    private var cacheSettled = false
    private var answer: AgentConfigResult?
    private var cachedSources: [String: ConfigSource]?
    /// The etag of the cached configuration applied at start, sent with the first poll.
    private var startupEtag: String?

    private let client: IntakeClientConfiguration
    private let serviceName: String
    private let environment: String?
    private let queuePath: String?
    private let configuration: RemoteConfigPollerConfiguration
    private let logger: Logger
    /// Touched only by the config thread once started.
    private var applier: RemoteConfigApplier

    /// A poller for the service and environment of `core`'s settings, re-resolving the local
    /// configuration with `resolver`; it caches in the queue file at `queuePath` unless that is `nil`
    /// and waits between polls on `clock`.
    init(
        core: AgentCore, resolver: ConfigurationResolver, client: IntakeClientConfiguration, queuePath: String?,
        configuration: RemoteConfigPollerConfiguration, clock: any AgentClock = SystemClock()
    ) {
        let settings = core.snapshot.settings
        self.worker = Worker(name: Self.threadName, clock: clock)
        self.client = client
        self.serviceName = settings.serviceName
        self.environment = settings.environment
        self.queuePath = queuePath
        self.configuration = configuration
        self.logger = core.logger
        self.applier = RemoteConfigApplier(resolver: resolver, core: core)
    }

    /// The longest wait for a queue file another process is writing, when reading the cache at start.
    static let cacheBusyTimeout: Duration = .milliseconds(250)

    /// Applies the cached configuration for this service and environment, if the queue file holds
    /// one, and records that it was applied; call once, before ``start()``. Opens the file without
    /// creating or migrating it and waits at most ``cacheBusyTimeout`` for another process; any
    /// failure is logged and the agent starts with its local configuration.
    func applyCachedConfiguration() {
        defer {
            worker.lock.withLock {
                cacheSettled = true
                worker.lock.broadcast()
            }
        }
        guard let queuePath else { return }
        let file: EventQueue
        let found: CachedRemoteConfig?
        do throws(QueueError) {
            file = try EventQueue.openExisting(path: queuePath, options: QueueOptions(busyTimeout: Self.cacheBusyTimeout))
            found = try file.remoteConfig(serviceName: serviceName, environment: environment ?? "")
        } catch {
            if case .missingFile = error { return }
            logger.warning("Central config: cannot read the cached configuration: \(error)")
            return
        }
        defer { file.close() }
        guard var cached = found else { return }
        guard let settings = AgentConfigDocument.settings(from: cached.body) else {
            logger.warning("Central config: the cached configuration is not a JSON object; ignored")
            return
        }
        let sources = applier.apply(settings)
        let now = EventQueue.now()
        worker.lock.withLock {
            cachedSources = sources
            startupEtag = cached.etag
        }
        logger.info(
            "Central config: applied the cached configuration (etag \(cached.etag ?? "none"), fetched \(Self.age(micros: now - cached.fetchedAt)) ago)"
        )
        cached.appliedAt = now
        do {
            try file.storeRemoteConfig(cached)
        } catch {
            logger.warning("Central config: cannot record that the cached configuration was applied: \(error)")
        }
    }

    /// Starts the config thread.
    func start() {
        worker.start { [self] in run() }
    }

    /// Waits until the cached configuration is applied, or known to be absent or unreadable;
    /// `false` on time-out.
    func waitUntilCacheSettled(timeout: Duration) -> Bool {
        let system = SystemClock()
        let deadline = system.deadline(after: timeout)
        return worker.lock.withLock {
            worker.lock.wait(until: deadline, on: system) { cacheSettled }
        }
    }

    /// Where each option's value came from once the cached configuration was applied; `nil`
    /// when none was.
    var cachedConfigSources: [String: ConfigSource]? {
        worker.lock.withLock { cachedSources }
    }

    /// Stops the thread, abandoning a request in flight; waits at most `timeout` for it.
    func stop(timeout: Duration) {
        worker.stop(timeout: timeout)
    }

    private func run() {
        let cache = openCache()
        var appliedEtag = worker.lock.withLock { startupEtag }
        guard let httpClient = makeClient() else { return }
        var failing = false
        while let result = fetch(httpClient, etag: appliedEtag) {
            let wait: Duration
            switch result {
            case .modified(let document):
                applier.apply(document.settings)
                appliedEtag = document.etag
                logger.debug("Central config: applied the configuration with etag \(document.etag ?? "none")")
                store(document, in: cache)
                failing = false
                wait = configuration.interval(maxAge: document.maxAge)
            case .notModified(let maxAge):
                logger.trace("Central config: unchanged (etag \(appliedEtag ?? "none"))")
                failing = false
                wait = configuration.interval(maxAge: maxAge)
            case .unavailable(let status, _):
                failing = false
                wait = configuration.interval(maxAge: nil)
                logger.debug("Central config unavailable (HTTP \(status)); polling again in \(wait.configText)")
            case .serverError(_, let message, _):
                logger.error("Central config failure: APM Server answered \(message)")
                failing = false
                wait = configuration.interval(maxAge: nil)
            case .failed(let reason):
                let text = "Central config: cannot fetch the configuration: \(reason)"
                if failing { logger.debug("\(text)") } else { logger.warning("\(text)") }
                failing = true
                wait = configuration.interval(maxAge: nil)
            }
            guard worker.sleep(for: wait) != .stopping else { break }
        }
        httpClient.shutdown()
    }

    /// The queue file on this thread's own connection, or `nil` without a cache.
    private func openCache() -> EventQueue? {
        guard let queuePath else { return nil }
        do {
            return try EventQueue(path: queuePath, logger: { [logger] message in logger.error("\(message)") })
        } catch {
            logger.warning("Central config: cannot open the cache in \(queuePath): \(error); starting without it")
            return nil
        }
    }

    private func makeClient() -> IntakeClient? {
        do {
            return try IntakeClient(configuration: client)
        } catch {
            logger.warning("Central config: not polling: \(error)")
            return nil
        }
    }

    /// Sends one request and waits for its answer; `nil` when stopped first.
    private func fetch(_ httpClient: IntakeClient, etag: String?) -> AgentConfigResult? {
        let proceed = worker.lock.withLock {
            answer = nil
            return !worker.isStoppingLocked
        }
        guard proceed else { return nil }
        httpClient.fetchAgentConfig(serviceName: serviceName, environment: environment, etag: etag) { [self] result in
            worker.lock.withLock {
                answer = result
                worker.lock.broadcast()
            }
        }
        return worker.lock.withLock {
            worker.sleepLocked(until: nil) { answer != nil } == .ready ? answer : nil
        }
    }

    /// Caches an applied configuration; a failure is logged and the agent goes on.
    private func store(_ document: AgentConfigDocument, in cache: EventQueue?) {
        guard let cache else { return }
        let now = EventQueue.now()
        let cached = CachedRemoteConfig(
            serviceName: serviceName, environment: environment ?? "", etag: document.etag, body: document.body,
            fetchedAt: now, maxAge: document.maxAge.map(Int64.init), appliedAt: now)
        do {
            try cache.storeRemoteConfig(cached)
        } catch {
            logger.warning("Central config: cannot cache the configuration: \(error)")
        }
    }

    /// An age for the log: seconds under two minutes, then minutes, hours, days.
    static func age(micros: Int64) -> String {
        let seconds = max(0, micros / 1_000_000)
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<7200: return "\(seconds / 60)m"
        case ..<172_800: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}
