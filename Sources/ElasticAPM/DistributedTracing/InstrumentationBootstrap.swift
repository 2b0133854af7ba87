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

import Instrumentation
import Synchronization

/// The process-wide state behind ``APMAgent/instrument()``: `InstrumentationSystem.bootstrap` may run only
/// once per process (a second call traps), so the agent bootstraps ``APMTracer/instrumented`` once and later
/// calls only choose the agent it reports to.
enum InstrumentationBootstrap {
    private struct State {
        var bootstrapped = false
        var agent: APMAgent?
    }

    private static let state = Mutex(State())

    /// The agent the bootstrapped tracer reports to.
    static var agent: APMAgent? { state.withLock { $0.agent } }

    /// Makes `agent` the one the process-wide tracer reports to, bootstrapping `InstrumentationSystem` on the
    /// first call. Returns what happened, for the agent's log.
    static func instrument(_ agent: APMAgent) -> Effect {
        let (bootstrap, previous) = state.withLock { state -> (Bool, APMAgent?) in
            if state.bootstrapped { return (false, state.agent) }
            if !(InstrumentationSystem.instrument is NoOpInstrument) { return (false, nil) }
            state.bootstrapped = true
            state.agent = agent
            return (true, nil)
        }
        if bootstrap {
            InstrumentationSystem.bootstrap(APMTracer.instrumented)
            return .bootstrapped
        }
        if previous === agent { return .alreadyInstrumented }
        let bootstrappedByAgent = state.withLock { state -> Bool in
            guard state.bootstrapped else { return false }
            state.agent = agent
            return true
        }
        return bootstrappedByAgent ? .switchedAgent : .bootstrappedElsewhere
    }

    /// What ``instrument(_:)`` did.
    enum Effect: Equatable {
        /// `InstrumentationSystem` now uses the agent's tracer.
        case bootstrapped
        /// The agent was already the instrumented one; nothing changed.
        case alreadyInstrumented
        /// The process-wide tracer now reports to this agent instead of the previous one.
        case switchedAgent
        /// The application bootstrapped another instrument; the agent's tracer is not installed.
        case bootstrappedElsewhere
    }
}
