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

import APMStore
import APMTransport
import Foundation
import Logging

/// The config thread: polls APM Server's agent configuration (`/config/v1/agents`) and
/// applies it, caching it in the queue file so that a restart without network starts with the
/// last configuration seen.
///
/// On start, before its first poll, the thread applies the cached configuration for this
/// service name and environment; the writer thread waits for that (``waitUntilCacheSettled(timeout:)``),
/// so nothing is stored under other settings. Then it polls right away and again every
/// `Cache-Control: max-age` (see ``RemoteConfigPollerConfiguration``), sending the etag of the
/// configuration it applied last as `If-None-Match`. The queue file is opened by this thread
/// on its own connection; network work runs on the HTTP client's event loop thread.
final class RemoteConfigPoller: @unchecked Sendable {
    /// The thread's name.
    static let threadName = "elastic-apm-config"

    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var stopping = false
    private var cacheSettled = false
    private var finished = false
    private var answer: AgentConfigResult?
    private var cachedSources: [String: ConfigSource]?

    private let client: IntakeClientConfiguration
    private let serviceName: String
    private let environment: String?
    private let queuePath: String?
    private let configuration: RemoteConfigPollerConfiguration
    private let logger: Logger
    /// Touched only by the config thread once started.
    private var applier: RemoteConfigApplier
    private var thread: Thread?

    /// A poller for the service and environment of `core`'s settings, re-resolving the local
    /// configuration with `resolver`; it caches in the queue file at `queuePath` unless that is `nil`.
    init(
        core: AgentCore, resolver: ConfigurationResolver, client: IntakeClientConfiguration, queuePath: String?,
        configuration: RemoteConfigPollerConfiguration
    ) {
        let settings = core.snapshot.settings
        self.client = client
        self.serviceName = settings.serviceName
        self.environment = settings.environment
        self.queuePath = queuePath
        self.configuration = configuration
        self.logger = core.logger
        self.applier = RemoteConfigApplier(resolver: resolver, core: core)
    }

    /// Starts the config thread.
    func start() {
        let thread = Thread { [self] in self.run() }
        thread.name = Self.threadName
        self.thread = thread
        thread.start()
    }

    /// Waits until the cached configuration is applied, or known to be absent or unreadable;
    /// `false` on time-out.
    func waitUntilCacheSettled(timeout: Duration) -> Bool {
        let deadline = Clock.monotonicNanos() &+ UInt64(max(0, DurationFormatting.nanoseconds(timeout)))
        return lock.withLock {
            while !cacheSettled, Clock.monotonicNanos() < deadline {
                lock.wait(untilMonotonicNanos: deadline)
            }
            return cacheSettled
        }
    }

    /// Where each option's value came from once the cached configuration was applied; `nil`
    /// when none was.
    var cachedConfigSources: [String: ConfigSource]? {
        lock.withLock { cachedSources }
    }

    /// Stops the thread, abandoning a request in flight; waits at most `timeout` for it.
    func stop(timeout: Duration) {
        let deadline = Clock.monotonicNanos() &+ UInt64(max(0, DurationFormatting.nanoseconds(timeout)))
        lock.withLock {
            stopping = true
            lock.broadcast()
            while !finished, Clock.monotonicNanos() < deadline {
                lock.wait(untilMonotonicNanos: deadline)
            }
        }
    }

    private func run() {
        let cache = openCache()
        var appliedEtag = applyCached(from: cache)
        guard let httpClient = makeClient() else {
            finish()
            return
        }
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
                logger.debug("Central config unavailable (HTTP \(status)); polling again in \(DurationFormatting.text(wait))")
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
            guard sleep(wait) else { break }
        }
        httpClient.shutdown()
        finish()
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

    /// Applies the cached configuration, if any, then releases the writer; returns its etag.
    private func applyCached(from cache: EventQueue?) -> String? {
        defer {
            lock.withLock {
                cacheSettled = true
                lock.broadcast()
            }
        }
        guard let cache else { return nil }
        let found: CachedRemoteConfig?
        do {
            found = try cache.remoteConfig(serviceName: serviceName, environment: environment ?? "")
        } catch {
            logger.warning("Central config: cannot read the cached configuration: \(error)")
            return nil
        }
        guard var cached = found else { return nil }
        guard let settings = AgentConfigDocument.settings(from: cached.body) else {
            logger.warning("Central config: the cached configuration is not a JSON object; ignored")
            return nil
        }
        let sources = applier.apply(settings)
        lock.withLock { cachedSources = sources }
        let now = EventQueue.now()
        logger.info(
            "Central config: applied the cached configuration (etag \(cached.etag ?? "none"), fetched \(Self.age(micros: now - cached.fetchedAt)) ago)"
        )
        cached.appliedAt = now
        do {
            try cache.storeRemoteConfig(cached)
        } catch {
            logger.warning("Central config: cannot record that the cached configuration was applied: \(error)")
        }
        return cached.etag
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
        let proceed = lock.withLock {
            answer = nil
            return !stopping
        }
        guard proceed else { return nil }
        httpClient.fetchAgentConfig(serviceName: serviceName, environment: environment, etag: etag) { [self] result in
            lock.withLock {
                answer = result
                lock.broadcast()
            }
        }
        return lock.withLock {
            while answer == nil, !stopping {
                lock.wait()
            }
            return stopping ? nil : answer
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

    /// Sleeps `duration` unless stopped; returns `false` when stopped.
    private func sleep(_ duration: Duration) -> Bool {
        let deadline = Clock.monotonicNanos() &+ UInt64(max(0, DurationFormatting.nanoseconds(duration)))
        return lock.withLock {
            while !stopping, Clock.monotonicNanos() < deadline {
                lock.wait(untilMonotonicNanos: deadline)
            }
            return !stopping
        }
    }

    private func finish() {
        lock.withLock {
            finished = true
            lock.broadcast()
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
