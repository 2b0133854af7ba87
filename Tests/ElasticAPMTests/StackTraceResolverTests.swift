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

import Foundation
import Testing
@testable import ElasticAPM

@Suite("Stack trace resolver")
struct StackTraceResolverTests {
    @Test("a trace met before the resolver is warm is reported by address and binary, then resolved in the background")
    func unresolvedUntilWarm() async throws {
        let resolver = StackTraceResolver()
        let captured = CapturedStackTrace.capture(skipping: 0, limit: 32)
        let trace = try #require(captured)
        let early = resolver.resolve(trace)
        #expect(!early.isEmpty)
        #expect(early.allSatisfy { !$0.filename.isEmpty })
        #expect(early.allSatisfy { $0.function != nil })

        #expect(await isWarm(resolver))
        var resolved = resolver.resolve(trace)
        let deadline = ContinuousClock.now + .seconds(60)
        while !resolved.contains(where: { $0.function?.contains("unresolvedUntilWarm") == true }), ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
            resolved = resolver.resolve(trace)
        }
        let own = try #require(resolved.first { $0.function?.contains("unresolvedUntilWarm") == true })
        #expect(own.filename == "StackTraceResolverTests.swift")
        #expect(own.absPath?.hasSuffix("/Tests/ElasticAPMTests/StackTraceResolverTests.swift") == true)
        #expect(own.lineno != nil)
        #expect(own.libraryFrame == false)
    }

    @Test("frames are capped at the trace's limit whether resolved or not")
    func limitApplies() async throws {
        let resolver = StackTraceResolver()
        let trace = try #require(CapturedStackTrace.capture(skipping: 0, limit: 2))
        #expect(resolver.resolve(trace).count <= 2)
        #expect(await isWarm(resolver))
        #expect(resolver.resolve(trace).count <= 2)
    }

}

/// Whether `resolver` has loaded the executable's tables within two minutes. Polls without
/// blocking: a test that blocked a thread of the shared concurrency pool for that long would starve
/// the other suites.
func isWarm(_ resolver: StackTraceResolver) async -> Bool {
    await eventually(timeout: .seconds(120)) { resolver.waitUntilWarm(timeout: .zero) }
}

/// Runs `scenario` once on a throwaway agent and waits (polling, see ``isWarm(_:)``) until the
/// resolver thread has symbolicated its stacks, so the code path's symbol tables are loaded (as in
/// a service that has been running) and the next run's frames are resolved within the writer's
/// wait budget.
func loadSymbols(configure: (inout APMAgent.Configuration) -> Void = { _ in }, for scenario: (TestAgent) -> Void) async -> Bool {
    let resolver = StackTraceResolver.shared
    guard await isWarm(resolver) else { return false }
    let throwaway = TestAgent(configure)
    scenario(throwaway)
    _ = throwaway.events()
    return await eventually(timeout: .seconds(120)) { resolver.waitUntilIdle(timeout: .zero) }
}
