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

/// Entry points for the benchmark suite (`Benchmarks/`), not for applications.
extension APMAgent {
    /// Hands `count` typical ended spans (each its own event, as `APMSpan.end()` builds it) to the
    /// writer thread and returns how many were accepted. Measures the hand-off alone (no span
    /// bookkeeping).
    @_spi(Benchmarking)
    public func benchmarkHandOff(count: Int) -> Int {
        guard let core = activeCore else { return 0 }
        let traceID = APMTraceID.random()
        let transactionID = APMSpanID.random()
        let timestamp = SystemClock().wallMicros
        var accepted = 0
        for _ in 0..<count {
            let event = SpanEvent(
                id: APMSpanID.random(), transactionID: transactionID, parentID: transactionID, traceID: traceID,
                name: "SELECT FROM users", type: "db", subtype: "postgresql", action: "query",
                timestamp: timestamp, duration: 0.42, outcome: .success, isExit: true, sync: nil, sampleRate: 1,
                labels: [], context: nil, serviceTarget: nil, composite: nil, stackTrace: nil, links: [])
            if core.pipeline.submit(.span(event)) { accepted += 1 }
        }
        return accepted
    }

    /// Waits until everything captured so far is in the queue; `false` on time-out.
    @_spi(Benchmarking)
    public func benchmarkWaitUntilQueued(timeout: Duration) -> Bool {
        waitUntilQueued(timeout: timeout)
    }
}
