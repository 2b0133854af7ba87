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

extension APMAgent {
    /// A swift-distributed-tracing `Tracer` reporting to this agent, for `withTracer(_:_:)`, for libraries
    /// that take a tracer (`HTTPClient.Configuration.tracing.tracer`), or to bootstrap `InstrumentationSystem`
    /// yourself (for example inside a `MultiplexInstrument`).
    public var tracer: APMTracer { APMTracer(agent: self) }

    /// Bootstraps swift-distributed-tracing's `InstrumentationSystem` with the agent's tracer, so every library
    /// that traces through it (Hummingbird and Vapor `TracingMiddleware`, AsyncHTTPClient, Fluent) reports to
    /// this agent. Call it once at startup, before creating HTTP clients (AsyncHTTPClient reads the tracer
    /// when its configuration is created).
    ///
    /// Safe to call more than once: a repeated call is logged and ignored; a call on another agent makes the
    /// process-wide tracer report to that agent. When the application already bootstrapped another
    /// instrument, nothing changes and a warning is logged (put ``tracer`` in a `MultiplexInstrument` instead).
    public func instrument() {
        let logger = core?.logger
        switch InstrumentationBootstrap.instrument(self) {
        case .bootstrapped:
            logger?.debug("swift-distributed-tracing now reports to Elastic APM")
        case .alreadyInstrumented:
            logger?.info("instrument() was already called on this agent; ignoring the repeated call")
        case .switchedAgent:
            logger?.info("instrument(): the process-wide tracer now reports to this agent")
        case .bootstrappedElsewhere:
            logger?.warning(
                "instrument(): InstrumentationSystem was bootstrapped by the application; add APMAgent.tracer to its MultiplexInstrument"
            )
        }
    }
}
