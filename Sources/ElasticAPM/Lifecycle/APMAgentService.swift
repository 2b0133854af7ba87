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
public import ServiceLifecycle

/// The agent as a swift-service-lifecycle `Service`: it runs until the service group shuts down
/// gracefully (or its task is cancelled), then flushes what was captured and stops the agent's
/// threads, within the shutdown timeout it was created with.
///
/// List it **before** the services that capture events (the HTTP server, workers): a
/// `ServiceGroup` shuts its services down in reverse order, so the agent stops last and its final
/// flush includes the transactions of the last requests. Hummingbird runs the services passed in
/// `services:` before its own HTTP server, so that order holds there without further work.
///
/// ```swift
/// let agent = APMAgent.start(APMAgent.Configuration(serviceName: "checkout"))
/// let group = ServiceGroup(services: [agent.service(), httpServer],
///                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
///
/// `run()` never throws: events the flush could not deliver in time stay in the queue file (the
/// agent logs how many), for the next run or `apm-queue flush`.
public struct APMAgentService: Service {
    /// The agent this service closes on shutdown.
    let agent: APMAgent
    /// The longest time the final flush and the stop of the agent's threads may take.
    let shutdownTimeout: Duration

    /// A service that closes `agent` within `shutdownTimeout` when the group shuts down (make it
    /// with ``APMAgent/service(shutdownTimeout:)``).
    init(agent: APMAgent, shutdownTimeout: Duration) {
        self.agent = agent
        self.shutdownTimeout = shutdownTimeout
    }

    /// Waits for graceful shutdown or cancellation, then closes the agent (see `APMAgent.close(timeout:)`).
    public func run() async {
        // Returns on graceful shutdown, throws `CancellationError` on cancellation: both end in the
        // same bounded flush, so a cancelled group does not lose what is still in memory.
        try? await gracefulShutdown()
        let wasEnabled = agent.isEnabled
        let report = await agent.close(timeout: shutdownTimeout)
        guard wasEnabled, let logger = agent.core?.logger else { return }
        if report.completed {
            logger.info(
                "Elastic APM agent stopped: everything captured was delivered (\(report.sent) events sent during shutdown)")
        } else {
            logger.warning(
                "Elastic APM agent stopped after \(shutdownTimeout.configText) with \(report.remaining) events not yet delivered; they stay in the queue file for the next run or `apm-queue flush`"
            )
        }
    }
}

extension APMAgent {
    /// This agent as a swift-service-lifecycle `Service` that closes it on graceful shutdown,
    /// taking at most `shutdownTimeout` (see ``APMAgentService``).
    public func service(shutdownTimeout: Duration = .seconds(5)) -> APMAgentService {
        APMAgentService(agent: self, shutdownTimeout: shutdownTimeout)
    }
}
