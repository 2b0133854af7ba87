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

import APMRuntime

/// The agent's metrics: the swift-metrics factory applications bootstrap, the breakdown
/// accumulator transactions report to, and the metrics thread that reports both together with
/// system, process and agent-health metrics.
final class AgentMetrics: Sendable {
    /// The swift-metrics backend (``APMAgent/metricsFactory``).
    let factory: ElasticMetricsFactory
    /// Where ended transactions leave span self times; `nil` unless metrics and `breakdown_metrics` are on.
    let breakdown: BreakdownAccumulator?
    /// The metrics thread; `nil` when `metrics_interval` is 0.
    let reporter: MetricsReporter?

    /// Metrics that are never reported (a disabled agent).
    init() {
        factory = ElasticMetricsFactory()
        breakdown = nil
        reporter = nil
    }

    /// The accumulator an agent with `settings` needs: `nil` when metrics or breakdown metrics are off.
    static func breakdownAccumulator(for settings: AgentSettings) -> BreakdownAccumulator? {
        settings.metricsInterval > .zero && settings.breakdownMetrics ? BreakdownAccumulator() : nil
    }

    /// The metrics of an agent with `settings`, reporting through `pipeline` (and `breakdown`, from
    /// ``breakdownAccumulator(for:)``) at the pace of `clock`; `current` gives the settings in force
    /// (`recording`, `disable_metrics`).
    init(
        settings: AgentSettings, pipeline: EventPipeline, breakdown: BreakdownAccumulator?, counters: HealthCounterStore,
        clock: any AgentClock = SystemClock(), current: @escaping @Sendable () -> AgentSettings
    ) {
        let factory = ElasticMetricsFactory(buckets: HistogramBuckets(bounds: settings.customMetricsHistogramBoundaries))
        self.factory = factory
        self.breakdown = breakdown
        guard settings.metricsInterval > .zero else {
            reporter = nil
            return
        }
        var sources: [any MetricSource] = [
            SystemMetricsCollector(),
            AgentHealthMetricSource(reader: HealthCounterReader(counters), fillRange: pipeline.takeFillRange),
            SwiftMetricsSource(factory),
        ]
        if let breakdown { sources.append(BreakdownMetricSource(breakdown)) }
        reporter = MetricsReporter(
            sources: sources, pipeline: pipeline, interval: settings.metricsInterval,
            clock: clock, settings: current)
    }

    /// Starts the metrics thread, if any.
    func start() {
        reporter?.start()
    }

    /// Waits (at most a second) until the metrics thread has read its baselines, so that the writer
    /// persists no counter of this run before the agent-health deltas start from them.
    func waitUntilPrimed() {
        _ = reporter?.waitUntilPrimed(timeout: .seconds(1))
    }

    /// Collects a last time and stops the metrics thread, waiting at most `timeout`.
    func stop(timeout: Duration) {
        reporter?.stop(timeout: timeout)
    }
}
