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

public import CoreMetrics

extension APMAgent {
    /// The swift-metrics backend of this agent. Bootstrap it once at start-up so that metrics of the
    /// application and its libraries are reported every `metrics_interval`:
    ///
    /// ```swift
    /// MetricsSystem.bootstrap(agent.metricsFactory)
    /// ```
    ///
    /// Every `metrics_interval` the agent's metrics thread reports each instrument:
    /// - `Counter` and `FloatingPointCounter`: the increase since the previous report (nothing when
    ///   it did not move);
    /// - `Meter` and `Gauge` (a non-aggregating `Recorder`): the last value;
    /// - `Recorder` (aggregating) and `Timer`: an explicit-bucket histogram (`type: histogram`) of the
    ///   values recorded in the interval, with the spec's default boundaries; timers in milliseconds
    ///   (`unit: ms`).
    ///
    /// The label is the sample name (`*` and `"` become `_`); dimensions become the metricset's
    /// `tags`, and instruments with the same dimensions share a metricset. When the agent is
    /// disabled or `metrics_interval` is 0 the instruments work but nothing is reported.
    public var metricsFactory: any MetricsFactory { metrics.factory }
}
