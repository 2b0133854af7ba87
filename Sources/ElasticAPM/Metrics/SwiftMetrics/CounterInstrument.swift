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

/// A swift-metrics counter: reports the increase since the last report (delta); an interval
/// without increments reports nothing.
final class CounterInstrument: CounterHandler, FloatingPointCounterHandler, MetricInstrument {
    let name: String
    let dimensions: DimensionSet
    /// Integer increments since the last report.
    private let integral = Atomic<Int64>(0)
    /// Floating-point increments since the last report, as `Double` bits.
    private let fractional = Atomic<UInt64>(0)

    init(name: String, dimensions: DimensionSet) {
        self.name = name
        self.dimensions = dimensions
    }

    func increment(by amount: Int64) {
        integral.wrappingAdd(amount, ordering: .relaxed)
    }

    func increment(by amount: Double) {
        guard amount.isFinite else { return }
        FloatBits.add(amount, to: fractional)
    }

    func reset() {
        integral.store(0, ordering: .relaxed)
        fractional.store(0, ordering: .relaxed)
    }

    func takeSample() -> MetricSample? {
        let delta =
            Double(integral.exchange(0, ordering: .relaxed))
            + Double(bitPattern: fractional.exchange(0, ordering: .relaxed))
        return delta == 0 ? nil : MetricSample(name, delta)
    }
}
