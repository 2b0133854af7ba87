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

/// A running estimate of compressed size over uncompressed size, used to turn the
/// compressed `api_request_size` budget into a claim budget of uncompressed bytes.
struct CompressionRatio {
    /// The current estimate, between ``floor`` and 1.
    private(set) var value: Double

    /// The smallest ratio believed, so a run of very repetitive events cannot make the sender
    /// claim absurdly many bytes.
    static let floor = 0.02

    /// Starts at 1 for uncompressed bodies and at a cautious 0.5 for gzip.
    init(compressing: Bool) {
        value = compressing ? 0.5 : 1
    }

    /// Folds one observed body into the estimate (an exponential moving average that gives
    /// the newest body half the weight).
    mutating func record(uncompressed: Int, compressed: Int) {
        guard uncompressed > 0 else { return }
        let observed = Double(compressed) / Double(uncompressed)
        value = min(1, max(Self.floor, (value + observed) / 2))
    }

    /// The uncompressed bytes expected to compress to about `compressedBudget`.
    func uncompressedBudget(for compressedBudget: Int) -> Int {
        max(1, Int((Double(compressedBudget) / value).rounded(.down)))
    }
}
