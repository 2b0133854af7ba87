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

import CoreMetrics
import Synchronization

/// A swift-metrics backend that reports through the agent: bootstrap it with
/// `MetricsSystem.bootstrap(agent.metricsFactory)` (see ``APMAgent/metricsFactory``).
///
/// Every `metrics_interval` the agent's metrics thread reports each instrument:
/// - `Counter` and `FloatingPointCounter`: the increase since the previous report (nothing when
///   it did not move);
/// - `Meter` and `Gauge` (a non-aggregating `Recorder`): the last value;
/// - `Recorder` (aggregating) and `Timer`: an explicit-bucket histogram (`type: histogram`) of the
///   values recorded in the interval, with the boundaries of `custom_metrics_histogram_boundaries`; timers in milliseconds
///   (`unit: ms`).
///
/// The label is the sample name (`*` and `"` become `_`); dimensions become the metricset's
/// `tags`, and instruments with the same dimensions share a metricset. Creating an instrument twice
/// with the same label and dimensions returns the same handler. Recording is lock-free for
/// counters and gauges and takes a short lock for histograms. Destroying an instrument discards
/// what it recorded since the previous report.
final class ElasticMetricsFactory: MetricsFactory, Sendable {
    private enum Kind: Hashable {
        case counter
        case gauge
        case histogram
        case timer
    }

    private struct Key: Hashable {
        var kind: Kind
        var label: String
        var dimensions: DimensionSet
    }

    private let instruments = Mutex<[Key: any MetricInstrument]>([:])

    /// The buckets of recorders and timers (`custom_metrics_histogram_boundaries`).
    private let buckets: HistogramBuckets

    /// A factory whose instruments the agent's metrics thread reports (applications use ``APMAgent/metricsFactory``);
    /// recorders and timers use `buckets`.
    init(buckets: HistogramBuckets = .standard) {
        self.buckets = buckets
    }

    /// Creates (or returns the existing) counter `label` with `dimensions`.
    func makeCounter(label: String, dimensions: [(String, String)]) -> CounterHandler {
        instrument(.counter, label, dimensions) { CounterInstrument(name: $0, dimensions: $1) }
    }

    /// Creates (or returns the existing) floating-point counter `label` with `dimensions`; it shares
    /// its sample with an integer counter of the same label and dimensions.
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> FloatingPointCounterHandler {
        instrument(.counter, label, dimensions) { CounterInstrument(name: $0, dimensions: $1) }
    }

    /// Creates (or returns the existing) meter `label` with `dimensions`, reported as its last value.
    func makeMeter(label: String, dimensions: [(String, String)]) -> MeterHandler {
        instrument(.gauge, label, dimensions) { GaugeInstrument(name: $0, dimensions: $1) }
    }

    /// Creates (or returns the existing) recorder `label` with `dimensions`: a histogram when
    /// `aggregate` is `true`, otherwise a gauge reporting the last value.
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> RecorderHandler {
        if aggregate {
            return instrument(.histogram, label, dimensions) { HistogramInstrument(name: $0, dimensions: $1, buckets: buckets) }
        }
        return instrument(.gauge, label, dimensions) { GaugeInstrument(name: $0, dimensions: $1) }
    }

    /// Creates (or returns the existing) timer `label` with `dimensions`: a histogram in milliseconds.
    func makeTimer(label: String, dimensions: [(String, String)]) -> TimerHandler {
        instrument(.timer, label, dimensions) { HistogramInstrument(name: $0, dimensions: $1, buckets: buckets, unit: "ms") }
    }

    /// Stops reporting the counter.
    func destroyCounter(_ handler: CounterHandler) { remove(handler) }

    /// Stops reporting the floating-point counter.
    func destroyFloatingPointCounter(_ handler: FloatingPointCounterHandler) { remove(handler) }

    /// Stops reporting the meter.
    func destroyMeter(_ handler: MeterHandler) { remove(handler) }

    /// Stops reporting the recorder.
    func destroyRecorder(_ handler: RecorderHandler) { remove(handler) }

    /// Stops reporting the timer.
    func destroyTimer(_ handler: TimerHandler) { remove(handler) }

    /// This interval's samples, one metricset per dimension set (sorted), samples sorted by name; a
    /// name appears once per metricset.
    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        let current = instruments.withLock { Array($0.values) }
        var groups: [DimensionSet: [MetricSample]] = [:]
        for instrument in current {
            if let sample = instrument.takeSample() { groups[instrument.dimensions, default: []].append(sample) }
        }
        for (dimensions, samples) in groups.sorted(by: { $0.key < $1.key }) {
            var seen = Set<String>()
            let unique = samples.sorted { $0.name < $1.name }.filter { seen.insert($0.name).inserted }
            metricsets.append(MetricsetEvent(timestamp: time.wallMicros, tags: dimensions.tags, samples: unique))
        }
    }

    /// The instrument registered under `kind`, `label` and `dimensions`, created by `make` when there is none.
    /// (Each kind is always made by the same class, so the registered one has type `Instrument`.)
    private func instrument<Instrument: MetricInstrument>(
        _ kind: Kind, _ label: String, _ dimensions: [(String, String)],
        make: (String, DimensionSet) -> Instrument
    ) -> Instrument {
        let key = Key(kind: kind, label: label, dimensions: DimensionSet(dimensions))
        return instruments.withLock { instruments in
            if let existing = instruments[key] as? Instrument { return existing }
            let created = make(SampleName.sanitize(label), key.dimensions)
            instruments[key] = created
            return created
        }
    }

    private func remove(_ handler: AnyObject) {
        instruments.withLock { instruments in
            if let key = instruments.first(where: { $0.value === handler })?.key { instruments[key] = nil }
        }
    }
}
