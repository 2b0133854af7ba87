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

/// Reports the instruments of an ``ElasticMetricsFactory``.
final class SwiftMetricsSource: MetricSource {
    private let factory: ElasticMetricsFactory

    init(_ factory: ElasticMetricsFactory) {
        self.factory = factory
    }

    func prime(at time: Timestamp) {}

    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        factory.collect(at: time, into: &metricsets)
    }
}
