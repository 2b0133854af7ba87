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

/// One family of metrics the metrics thread reports (system, breakdown, swift-metrics, agent health).
///
/// Sources are used only on the metrics thread (or under the reporter's collection lock), so they
/// may keep mutable state such as the previous reading of a counter.
protocol MetricSource: AnyObject {
    /// Takes the baseline that the first reported deltas are computed against; reports nothing.
    func prime(at time: Timestamp)
    /// Appends the metricsets of the interval that ends at `time`.
    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent])
}
