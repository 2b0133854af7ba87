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

import CoreMetrics
import Synchronization

/// A swift-metrics aggregating recorder or timer: an explicit-bucket histogram of the values
/// recorded since the last report (delta), sent as bucket midpoints and counts. Timers record
/// milliseconds (`unit: ms`).
final class HistogramInstrument: RecorderHandler, TimerHandler, MetricInstrument {
    let name: String
    let dimensions: DimensionSet
    private let buckets: HistogramBuckets
    private let unit: String?
    private let counts: Mutex<[Int64]>

    init(name: String, dimensions: DimensionSet, buckets: HistogramBuckets = .standard, unit: String? = nil) {
        self.name = name
        self.dimensions = dimensions
        self.buckets = buckets
        self.unit = unit
        self.counts = Mutex([Int64](repeating: 0, count: buckets.count))
    }

    func record(_ value: Int64) { record(Double(value)) }

    func record(_ value: Double) {
        guard value.isFinite else { return }
        let index = buckets.index(of: value)
        counts.withLock { $0[index] += 1 }
    }

    func recordNanoseconds(_ duration: Int64) {
        record(Double(duration) / 1_000_000)
    }

    func takeSample() -> MetricSample? {
        let snapshot = counts.withLock { counts -> [Int64]? in
            guard counts.contains(where: { $0 != 0 }) else { return nil }
            defer { for index in counts.indices { counts[index] = 0 } }
            return counts
        }
        guard let snapshot else { return nil }
        var values: [Double] = []
        var nonEmpty: [Int64] = []
        for (index, count) in snapshot.enumerated() where count > 0 {
            values.append(buckets.midpoints[index])
            nonEmpty.append(count)
        }
        return MetricSample(name, histogram: values, counts: nonEmpty, unit: unit)
    }
}
