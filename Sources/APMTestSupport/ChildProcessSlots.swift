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

/// Bounds how many tests that run child processes run at once.
///
/// Swift Testing runs async tests all at once. Tests that start processes (`apm-queue`, the store
/// fixture, `apm-demo`) would then compete by the dozen for a small machine's processors: a test
/// that dates its fixture by the wall clock would see its command run seconds later, and a test
/// that measures a crash window would see the writer it measures starved. Each test case with
/// ``childProcesses`` takes one of as many slots as there are processors; one with
/// ``childProcessesAlone`` takes them all, so no other such test runs beside it.
package struct ChildProcessSlots: SuiteTrait, TestTrait, TestScoping {
    /// Whether a test takes every slot.
    let alone: Bool

    package var isRecursive: Bool { true }

    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // Suites, and tests as a whole, hold no slot: each test case takes its own.
        guard testCase != nil else { return try await function() }
        let count = alone ? slots.capacity : 1
        await slots.acquire(count)
        do {
            try await function()
        } catch {
            await slots.release(count)
            throw error
        }
        await slots.release(count)
    }
}

extension Trait where Self == ChildProcessSlots {
    /// One slot per test case: at most one such test per processor runs at a time.
    package static var childProcesses: Self { Self(alone: false) }

    /// Every slot: no other test with ``childProcesses`` or ``childProcessesAlone`` runs meanwhile.
    package static var childProcessesAlone: Self { Self(alone: true) }
}

/// The slots shared by every test with ``ChildProcessSlots`` (all test targets run in one process).
private let slots = Slots(capacity: max(1, ProcessInfo.processInfo.activeProcessorCount))

/// A counting semaphore for async code, first come first served.
private actor Slots {
    /// How many slots there are.
    nonisolated let capacity: Int
    private var available: Int
    private var waiting: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(capacity: Int) {
        self.capacity = capacity
        available = capacity
    }

    /// Waits until `count` slots are free and no earlier caller waits, then takes them.
    func acquire(_ count: Int) async {
        if waiting.isEmpty && available >= count {
            available -= count
            return
        }
        await withCheckedContinuation { waiting.append((count, $0)) }
    }

    /// Gives `count` slots back and wakes the waiting callers they suffice for, in order.
    func release(_ count: Int) {
        available += count
        while let first = waiting.first, first.count <= available {
            available -= first.count
            waiting.removeFirst()
            first.continuation.resume()
        }
    }
}
