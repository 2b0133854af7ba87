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

@testable import ElasticAPM
import APMTestSupport
import Foundation
import Instrumentation
import Testing
import Tracing

/// The only tests that touch the process-wide `InstrumentationSystem`.
@Suite("APMAgent.instrument()", .serialized)
struct InstrumentTests {
    @Test("instrument() bootstraps once, ignores a repeat and follows the agent it was called on last")
    func bootstrapOnce() async throws {
        let first = TestAgent()
        let second = TestAgent()
        first.agent.instrument()
        first.agent.instrument()
        #expect(InstrumentationSystem.tracer is APMTracer)
        #expect(InstrumentationBootstrap.agent === first.agent)
        withSpan("global", ofKind: .server) { _ in }
        second.agent.instrument()
        #expect(InstrumentationBootstrap.agent === second.agent)
        withSpan("global after switch", ofKind: .server) { _ in }
        #expect(first.events().transactions.map { $0["name"] as? String } == ["global"])
        #expect(second.events().transactions.map { $0["name"] as? String } == ["global after switch"])
        await first.agent.close()
        await second.agent.close()
    }
}
