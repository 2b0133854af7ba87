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

/// A running estimate of stored (compressed) size over ND-JSON size, observed on claimed
/// blocks, used to turn the compressed `api_request_size` budget into the committed ND-JSON
/// bytes that fill one request.
struct CompressionRatio {
    /// The current estimate, between ``floor`` and 1.
    private(set) var value: Double

    /// The smallest ratio believed, so a run of very repetitive events cannot make the sender
    /// claim absurdly many bytes.
    static let floor = 0.02

    /// Starts at a cautious 0.5 (gzip of events usually does better).
    init() {
        value = 0.5
    }

    /// Folds one observed block into the estimate (an exponential moving average that gives
    /// the newest block half the weight).
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
