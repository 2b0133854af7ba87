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

/// Explicit bucket boundaries of the agent's histograms and the value reported for each bucket.
///
/// Bucket `i` holds values in `(bounds[i-1], bounds[i]]`; the first bucket everything up to
/// `bounds[0]`, the last everything above `bounds[last]`. A bucket is reported as its midpoint;
/// the first as `bounds[0] / 2` (or `bounds[0]` when that is not positive), the last as `bounds[last]`
/// (spec `metrics-otel.md`).
struct HistogramBuckets: Sendable {
    /// The spec's default boundaries: powers of √2 from 2⁻⁸ to 2¹⁷.
    static let defaultBounds: [Double] = [
        0.00390625, 0.00552427, 0.0078125, 0.0110485, 0.015625, 0.0220971, 0.03125, 0.0441942, 0.0625, 0.0883883,
        0.125, 0.176777, 0.25, 0.353553, 0.5, 0.707107, 1, 1.41421, 2, 2.82843, 4, 5.65685, 8, 11.3137, 16, 22.6274,
        32, 45.2548, 64, 90.5097, 128, 181.019, 256, 362.039, 512, 724.077, 1024, 1448.15, 2048, 2896.31, 4096,
        5792.62, 8192, 11585.2, 16384, 23170.5, 32768, 46341.0, 65536, 92681.9, 131072,
    ]

    /// The buckets with the default boundaries.
    static let standard = HistogramBuckets(bounds: defaultBounds)

    /// Ascending upper bounds.
    let bounds: [Double]
    /// The reported value of each of the `bounds.count + 1` buckets.
    let midpoints: [Double]

    init(bounds: [Double]) {
        self.bounds = bounds
        var midpoints = [bounds[0] > 0 ? bounds[0] / 2 : bounds[0]]
        for index in 1..<bounds.count { midpoints.append((bounds[index - 1] + bounds[index]) / 2) }
        midpoints.append(bounds[bounds.count - 1])
        self.midpoints = midpoints
    }

    /// The number of buckets.
    var count: Int { bounds.count + 1 }

    /// The bucket of `value`: the first whose upper bound is at least `value`.
    func index(of value: Double) -> Int {
        var low = 0
        var high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if bounds[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
