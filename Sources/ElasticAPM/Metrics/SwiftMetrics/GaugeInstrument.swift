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

/// A swift-metrics meter or non-aggregating recorder (`Gauge`): reports its last value every
/// interval once it has been set.
final class GaugeInstrument: MeterHandler, RecorderHandler, MetricInstrument {
    let name: String
    let dimensions: DimensionSet
    /// The value, as `Double` bits.
    private let bits = Atomic<UInt64>(0)
    private let isSet = Atomic<Bool>(false)

    init(name: String, dimensions: DimensionSet) {
        self.name = name
        self.dimensions = dimensions
    }

    func set(_ value: Int64) { set(Double(value)) }

    func set(_ value: Double) {
        guard value.isFinite else { return }
        bits.store(value.bitPattern, ordering: .relaxed)
        isSet.store(true, ordering: .releasing)
    }

    func increment(by amount: Double) {
        guard amount.isFinite else { return }
        FloatBits.add(amount, to: bits)
        isSet.store(true, ordering: .releasing)
    }

    func decrement(by amount: Double) { increment(by: -amount) }

    func record(_ value: Int64) { set(Double(value)) }

    func record(_ value: Double) { set(value) }

    func takeSample() -> MetricSample? {
        guard isSet.load(ordering: .acquiring) else { return nil }
        return MetricSample(name, Double(bitPattern: bits.load(ordering: .relaxed)))
    }
}
