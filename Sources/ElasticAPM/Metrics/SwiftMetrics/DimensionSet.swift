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

/// The dimensions of a swift-metrics instrument, normalised: sorted by key, keys sanitised as
/// label keys. Instruments with equal sets are reported in one metricset with these as `tags`.
struct DimensionSet: Hashable, Sendable, Comparable {
    /// One dimension.
    struct Pair: Hashable, Sendable {
        var key: String
        var value: String
    }

    let pairs: [Pair]

    /// Normalises swift-metrics dimensions (a repeated key keeps its last value).
    init(_ dimensions: [(String, String)]) {
        var byKey: [String: String] = [:]
        for (key, value) in dimensions { byKey[LabelKey.sanitize(key)] = value }
        pairs = byKey.map { Pair(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    /// The metricset `tags`.
    var tags: [(String, APMLabelValue)] { pairs.map { ($0.key, .string($0.value)) } }

    static func < (lhs: DimensionSet, rhs: DimensionSet) -> Bool {
        lhs.pairs.lexicographicallyPrecedes(rhs.pairs) { ($0.key, $0.value) < ($1.key, $1.value) }
    }
}
