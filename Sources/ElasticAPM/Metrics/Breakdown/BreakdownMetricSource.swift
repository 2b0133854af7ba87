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

/// Reports the drained ``BreakdownAccumulator`` as `span.self_time.count` and
/// `span.self_time.sum.us`, one metricset per transaction name and type and span type and subtype.
final class BreakdownMetricSource: MetricSource {
    private let accumulator: BreakdownAccumulator

    init(_ accumulator: BreakdownAccumulator) {
        self.accumulator = accumulator
    }

    func prime(at time: Timestamp) {}

    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        let totals = accumulator.drain().sorted { lhs, rhs in
            (lhs.key.transactionName, lhs.key.transactionType, lhs.key.spanType, lhs.key.spanSubtype ?? "")
                < (rhs.key.transactionName, rhs.key.transactionType, rhs.key.spanType, rhs.key.spanSubtype ?? "")
        }
        for (key, total) in totals {
            metricsets.append(
                MetricsetEvent(
                    timestamp: time.wallMicros,
                    transaction: .init(name: key.transactionName, type: key.transactionType),
                    span: .init(type: key.spanType, subtype: key.spanSubtype),
                    samples: [
                        MetricSample("span.self_time.count", Double(total.count)),
                        MetricSample("span.self_time.sum.us", Double(total.nanos) / 1000),
                    ]))
        }
    }
}
