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

/// Entry points for the metrics benchmark (`Benchmarks/`), not for applications.
extension APMAgent {
    /// Collects every metric set once on the calling thread, as the metrics thread does each
    /// interval, and returns how many metricsets were handed to the writer (0 when metrics are off).
    @_spi(Benchmarking)
    public func benchmarkCollectMetrics() -> Int {
        metrics.reporter?.collectNow() ?? 0
    }
}
