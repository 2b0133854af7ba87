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
import Synchronization

/// Values a worker thread records for the test to read.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) { storage.withLock { $0.append(value) } }

    var values: [Value] { storage.withLock { $0 } }
}

typealias Ticks = Recorder<UInt64>
typealias Outcomes = Recorder<Worker.Wakeup>

/// One value a worker thread sets.
final class Outcome: Sendable {
    private let storage = Mutex<String?>(nil)

    func set(_ value: String) { storage.withLock { $0 = value } }

    var value: String? { storage.withLock { $0 } }
}

/// A gate a thread waits at until the test opens it.
final class Gate: @unchecked Sendable {
    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var open = false

    func wait() {
        lock.withLock {
            while !open { lock.wait() }
        }
    }

    func release() {
        lock.withLock {
            open = true
            lock.broadcast()
        }
    }
}

/// Polls `condition` every millisecond until it holds or `timeout` passes (real time, for a
/// real thread's progress); returns whether it held.
func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let end = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < end else { return false }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return true
}
