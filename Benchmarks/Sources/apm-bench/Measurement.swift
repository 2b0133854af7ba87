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

import Foundation

/// One row of the results table.
struct Measurement: Encodable {
    var name: String
    var value: Double
    var unit: String
    var goal: String
    var met: Bool?
    var dropped: Int
    var note: String

    /// The row as printed.
    var row: String {
        let verdict = met.map { $0 ? "yes" : "NO" } ?? "-"
        let valueText = value >= 1000 ? String(format: "%.0f", value) : String(format: "%.1f", value)
        return [
            name.padding(toLength: 50, withPad: " ", startingAt: 0),
            (valueText + " " + unit).padding(toLength: 18, withPad: " ", startingAt: 0),
            goal.padding(toLength: 14, withPad: " ", startingAt: 0),
            verdict.padding(toLength: 5, withPad: " ", startingAt: 0),
            String(dropped).padding(toLength: 8, withPad: " ", startingAt: 0), note,
        ].joined(separator: " ")
    }

    static let header = [
        "benchmark".padding(toLength: 50, withPad: " ", startingAt: 0),
        "result".padding(toLength: 18, withPad: " ", startingAt: 0),
        "goal".padding(toLength: 14, withPad: " ", startingAt: 0), "met  ", "dropped ", "note",
    ]
    .joined(separator: " ")
}

/// Wall-clock timing of a block, best of `repetitions`.
func bestTime(repetitions: Int = 5, _ body: () -> Void) -> Duration {
    var best = Duration.seconds(1_000_000)
    let clock = ContinuousClock()
    for _ in 0..<repetitions {
        let elapsed = clock.measure(body)
        if elapsed < best { best = elapsed }
    }
    return best
}

/// Application-thread cost measured in bursts the writer can absorb: `body` runs `bursts` times
/// (timed) and `settle` runs after each burst (untimed, e.g. waiting for the writer), so the
/// figure is what instrumented code pays, not the cost of an ever-growing backlog.
func timeInBursts(bursts: Int, _ body: () -> Void, settle: () -> Void) -> Duration {
    let clock = ContinuousClock()
    var total = Duration.zero
    for _ in 0..<bursts {
        total += clock.measure(body)
        settle()
    }
    return total
}

extension Duration {
    /// The duration in nanoseconds, as a double.
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
