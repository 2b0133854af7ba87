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

/// Where the agent-health counters (`captured.<kind>`, `dropped.<reason>`, `requests.<outcome>`,
/// `request_bytes.<outcome>`) are persisted, and how the metrics thread reads them.
enum HealthCounterStore: Sendable {
    /// The queue file at this path, read through the metrics thread's own connection.
    case queueFile(String)
    /// The in-memory store the agent writes to.
    case memory(InMemoryQueueWriter)
    /// Not readable: no counter-based health metrics.
    case none
}

/// Reads the persisted counters; used on the metrics thread only.
final class HealthCounterReader {
    private let store: HealthCounterStore
    private var queue: EventQueue?

    init(_ store: HealthCounterStore) {
        self.store = store
    }

    /// The current totals, or `nil` when they cannot be read now (the queue file does not exist
    /// yet, or is busy or damaged; a later call tries again).
    func read() -> [String: Int64]? {
        switch store {
        case .none:
            return nil
        case .memory(let memory):
            return memory.counters
        case .queueFile(let path):
            do {
                if queue == nil { queue = try EventQueue.openExisting(path: path) }
                return try queue?.counters()
            } catch {
                queue?.close()
                queue = nil
                return nil
            }
        }
    }
}
