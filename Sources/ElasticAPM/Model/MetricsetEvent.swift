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

/// One intake `metricset`: samples that share a timestamp, tags and (for breakdown metrics) a
/// transaction and span kind. Built on the metrics thread and handed to the writer like a span.
struct MetricsetEvent: Sendable {
    /// The transaction a breakdown metricset belongs to (`transaction.name`, `transaction.type`).
    struct TransactionKind: Sendable, Hashable {
        var name: String
        var type: String
    }

    /// The span kind a breakdown metricset belongs to (`span.type`, `span.subtype`).
    struct SpanKind: Sendable, Hashable {
        var type: String
        var subtype: String?
    }

    /// When the samples were taken, µs since the epoch.
    var timestamp: Int64
    /// Scalar labels shared by every sample (`tags`), sorted by key.
    var tags: [(String, APMLabelValue)] = []
    var transaction: TransactionKind?
    var span: SpanKind?
    /// The samples, in the order they are encoded; names are unique within a metricset.
    var samples: [MetricSample]
}

/// One named sample of a metricset.
struct MetricSample: Sendable, Equatable {
    /// A single value or an explicit-bucket histogram.
    enum Value: Sendable, Equatable {
        /// `value`.
        case single(Double)
        /// `values` (ascending bucket midpoints) with their `counts`.
        case histogram(values: [Double], counts: [Int64])
    }

    /// The sample name, e.g. `system.memory.total` (never contains `*` or `"`).
    var name: String
    var value: Value
    /// The intake `type`: `gauge`, `counter` or `histogram`; `nil` leaves it to the server.
    var type: String?
    /// The intake `unit`, e.g. `ms`.
    var unit: String?

    init(_ name: String, _ value: Double, type: String? = nil, unit: String? = nil) {
        self.name = name
        self.value = .single(value)
        self.type = type
        self.unit = unit
    }

    init(_ name: String, histogram values: [Double], counts: [Int64], unit: String? = nil) {
        self.name = name
        self.value = .histogram(values: values, counts: counts)
        self.type = "histogram"
        self.unit = unit
    }
}

extension MetricsetEvent {
    /// A cheap estimate of the memory this metricset holds, for the bounded hand-off.
    var approximateSize: Int {
        var size = 128 + tags.count * 48
        for sample in samples {
            size += 64 + sample.name.utf8.count
            if case .histogram(let values, _) = sample.value { size += values.count * 16 }
        }
        return size
    }
}
