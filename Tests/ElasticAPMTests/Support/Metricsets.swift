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

import Foundation
@testable import ElasticAPM

/// Decoded `metricset` events.
extension CapturedEvents {
    var metricsets: [[String: Any]] { objects.filter { $0.type == "metricset" }.map(\.body) }

    /// The value of sample `name` in the metricsets matching `where`, summed when several match.
    func sampleValue(_ name: String, where matches: ([String: Any]) -> Bool = { _ in true }) -> Double? {
        let values = metricsets.filter(matches).compactMap { Self.sample(name, in: $0)?["value"] as? Double }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// Every sample name reported.
    var sampleNames: Set<String> {
        Set(metricsets.flatMap { ($0["samples"] as? [String: Any])?.keys.map { $0 } ?? [] })
    }

    /// The breakdown metricset of a transaction name and span type/subtype: `span.self_time.count` and `.sum.us`.
    func breakdown(transaction: String, spanType: String, subtype: String? = nil) -> (count: Double, sumMicros: Double)? {
        let matching = metricsets.filter {
            $0[path: "transaction.name"] as? String == transaction && $0[path: "span.type"] as? String == spanType
                && $0[path: "span.subtype"] as? String == subtype
        }
        guard matching.count == 1, let set = matching.first,
            let count = Self.sample("span.self_time.count", in: set)?["value"] as? Double,
            let sum = Self.sample("span.self_time.sum.us", in: set)?["value"] as? Double
        else { return nil }
        return (count, sum)
    }

    /// The sample object `name` (a dotted name, so not reachable by `[path:]`).
    static func sample(_ name: String, in metricset: [String: Any]) -> [String: Any]? {
        (metricset["samples"] as? [String: Any])?[name] as? [String: Any]
    }
}

extension MetricsetEvent {
    /// The value of a single-value sample.
    func value(_ name: String) -> Double? {
        guard let sample = samples.first(where: { $0.name == name }), case .single(let value) = sample.value else { return nil }
        return value
    }
}
