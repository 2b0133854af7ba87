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

/// A swift-metrics handler the agent reports: application threads record into it, the metrics
/// thread takes one sample per interval.
protocol MetricInstrument: AnyObject, Sendable {
    /// The sample name (the swift-metrics label with `*` and `"` replaced by `_`).
    var name: String { get }
    /// The instrument's dimensions.
    var dimensions: DimensionSet { get }
    /// This interval's sample, or `nil` when there is nothing to report (a counter that did not
    /// move, an empty histogram, a gauge never set). Resets delta state.
    func takeSample() -> MetricSample?
}

/// Sample names must match the intake pattern `^[^*"]*$`.
enum SampleName {
    static func sanitize(_ label: String) -> String {
        guard label.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "\"") }) else { return label }
        return String(String.UnicodeScalarView(label.unicodeScalars.map { $0 == "*" || $0 == "\"" ? "_" : $0 }))
    }
}
