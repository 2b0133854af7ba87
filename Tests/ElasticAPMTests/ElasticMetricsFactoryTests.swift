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
import Foundation
import Testing
@testable import ElasticAPM

/// The swift-metrics backend: what each instrument reports per interval, and how dimensions group samples.
@Suite("swift-metrics backend")
struct ElasticMetricsFactoryTests {
    private let factory = ElasticMetricsFactory()

    private func collect() -> [MetricsetEvent] {
        var metricsets: [MetricsetEvent] = []
        factory.collect(at: Timestamp(wallMicros: 1_700_000_000_000_000, monotonicNanos: 1), into: &metricsets)
        return metricsets
    }

    private func sample(_ name: String, in metricsets: [MetricsetEvent]) -> MetricSample? {
        metricsets.lazy.flatMap(\.samples).first { $0.name == name }
    }

    @Test("counters report the increase per interval; an interval without increments sends nothing")
    func counters() {
        let counter = Counter(label: "requests", factory: factory)
        counter.increment(by: 3)
        counter.increment(by: 4)
        #expect(collect().first?.value("requests") == 7)
        #expect(collect().isEmpty)
        counter.increment()
        counter.increment()
        #expect(collect().first?.value("requests") == 2)
        counter.increment(by: 5)
        counter.reset()
        #expect(collect().isEmpty)
    }

    @Test("a floating-point counter shares the sample of the integer counter with its label and dimensions")
    func floatingPointCounter() {
        let integral = Counter(label: "bytes", factory: factory)
        let fractional = FloatingPointCounter(label: "bytes", factory: factory)
        integral.increment(by: 2)
        fractional.increment(by: 0.5)
        fractional.increment(by: 0.25)
        let metricsets = collect()
        #expect(metricsets.count == 1)
        #expect(metricsets.first?.value("bytes") == 2.75)
    }

    @Test("gauges and meters report their last value every interval")
    func gauges() {
        let gauge = Gauge(label: "connections", factory: factory)
        let meter = Meter(label: "pool.size", factory: factory)
        let unset = Meter(label: "never.set", factory: factory)
        gauge.record(5)
        gauge.record(7)
        meter.set(10)
        meter.increment(by: 2.5)
        meter.decrement(by: 0.5)
        var metricsets = collect()
        #expect(metricsets.first?.value("connections") == 7)
        #expect(metricsets.first?.value("pool.size") == 12)
        metricsets = collect()
        #expect(metricsets.first?.value("connections") == 7)
        #expect(sample("never.set", in: metricsets) == nil)
        _ = unset
    }

    @Test("aggregating recorders report the interval's values as a histogram of bucket midpoints")
    func histogram() {
        let recorder = Recorder(label: "payload.size", factory: factory)
        recorder.record(0.003)
        recorder.record(3)
        recorder.record(3.5)
        recorder.record(2)
        recorder.record(200_000)
        let sample = sample("payload.size", in: collect())
        // 0.003 ≤ 0.00390625: first bucket, bounds[0]/2; 2 is the upper bound of (1.41421, 2];
        // 3 and 3.5 in (2.82843, 4]; 200 000 above the last bound: reported as 131072.
        #expect(
            sample
                == MetricSample(
                    "payload.size", histogram: [0.001953125, (1.41421 + 2) / 2, (2.82843 + 4) / 2, 131_072],
                    counts: [1, 1, 2, 1]))
        #expect(sample?.type == "histogram")
        #expect(collect().isEmpty)
    }

    @Test("timers are histograms in milliseconds")
    func timers() {
        let timer = CoreMetrics.Timer(label: "db.query", factory: factory)
        timer.recordMilliseconds(3)
        timer.recordNanoseconds(500_000)
        let sample = sample("db.query", in: collect())
        #expect(
            sample == MetricSample("db.query", histogram: [(0.353553 + 0.5) / 2, (2.82843 + 4) / 2], counts: [1, 1], unit: "ms"))
    }

    @Test("dimensions become tags; instruments with the same dimensions (in any order) share a metricset")
    func dimensions() {
        Counter(label: "hits", dimensions: [("route", "/a"), ("method", "GET")], factory: factory).increment()
        Counter(label: "misses", dimensions: [("method", "GET"), ("route", "/a")], factory: factory).increment(by: 2)
        Counter(label: "hits", dimensions: [("route", "/b"), ("method", "GET")], factory: factory).increment(by: 3)
        Counter(label: "hits", factory: factory).increment(by: 4)
        let metricsets = collect()
        #expect(metricsets.count == 3)
        let tagSets = metricsets.map { $0.tags.map { "\($0.0)=\($0.1)" } }
        #expect(
            tagSets == [
                [], ["method=string(\"GET\")", "route=string(\"/a\")"], ["method=string(\"GET\")", "route=string(\"/b\")"],
            ])
        #expect(metricsets[0].value("hits") == 4)
        #expect(metricsets[1].value("hits") == 1)
        #expect(metricsets[1].value("misses") == 2)
        #expect(metricsets[2].value("hits") == 3)
    }

    @Test("the same label and dimensions give the same handler; destroyed instruments are no longer reported")
    func identityAndDestroy() {
        let first = factory.makeCounter(label: "jobs", dimensions: [("queue", "mail")])
        let second = factory.makeCounter(label: "jobs", dimensions: [("queue", "mail")])
        #expect(first === second)
        first.increment(by: 1)
        second.increment(by: 1)
        #expect(collect().first?.value("jobs") == 2)
        let counter = Counter(label: "jobs", dimensions: [("queue", "mail")], factory: factory)
        counter.increment()
        counter.destroy()
        #expect(collect().isEmpty)
    }

    @Test("sample names must not contain * or \"; label keys lose ., * and \"")
    func sanitising() {
        Counter(label: "weird*\"name", dimensions: [("a.b", "v")], factory: factory).increment()
        let metricset = collect().first
        #expect(metricset?.samples.map(\.name) == ["weird__name"])
        #expect(metricset?.tags.map(\.0) == ["a_b"])
    }

    @Test("recording from many threads at once loses nothing")
    func concurrentRecording() async {
        let counter = Counter(label: "concurrent", factory: factory)
        let recorder = Recorder(label: "concurrent.values", factory: factory)
        let meter = Meter(label: "concurrent.meter", factory: factory)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        counter.increment()
                        recorder.record(1)
                        meter.increment(by: 1)
                    }
                }
            }
        }
        let metricsets = collect()
        #expect(metricsets.first?.value("concurrent") == 8000)
        #expect(metricsets.first?.value("concurrent.meter") == 8000)
        #expect(
            sample("concurrent.values", in: metricsets)
                == MetricSample("concurrent.values", histogram: [(0.707107 + 1) / 2], counts: [8000]))
    }
}
