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

import CMallocCounter

/// Heap allocations (malloc, calloc, realloc, aligned allocations) made while a block runs,
/// counted by the `CMallocCounter` interposer linked into this executable.
struct AllocationCount {
    /// Allocations made on the thread that ran the block (the application thread).
    var callingThread: Int
    /// Allocations made on all threads meanwhile (the agent's writer included).
    var allThreads: Int

    /// Counts the allocations of `body` followed by `settle` (e.g. waiting for a background
    /// thread to process what `body` handed over, so its allocations are counted too).
    static func measure(_ body: () -> Void, settle: () -> Void = {}) -> AllocationCount {
        malloc_counter_reset()
        malloc_counter_start()
        body()
        let callingThread = Int(malloc_counter_thread_count())
        settle()
        malloc_counter_stop()
        return AllocationCount(callingThread: callingThread, allThreads: Int(malloc_counter_total_count()))
    }
}
