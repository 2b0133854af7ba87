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

import ArgumentParser

/// A duration given on the command line: one or more `<number><unit>` parts with units `ms`,
/// `s`, `m`, `h`, `d` (`500ms`, `10m`, `2h`, `1h30m`, `1.5d`); a bare number means seconds.
struct TimeSpan: ExpressibleByArgument, CustomStringConvertible {
    /// The span in microseconds.
    let microseconds: Int64
    /// The text as given.
    let description: String

    private static let units: [(suffix: String, microseconds: Double)] = [
        ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000), ("d", 86_400_000_000),
    ]

    init?(argument: String) {
        let text = argument
        guard !text.isEmpty else { return nil }
        if let seconds = Double(text) {
            guard seconds >= 0, seconds.isFinite else { return nil }
            self.init(microseconds: seconds * 1_000_000, text: text)
            return
        }
        var total = 0.0
        var rest = Substring(text)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let suffix = rest.prefix { $0.isLetter }
            guard let unit = Self.units.first(where: { $0.suffix == suffix.lowercased() }) else { return nil }
            rest = rest.dropFirst(suffix.count)
            total += value * unit.microseconds
        }
        self.init(microseconds: total, text: text)
    }

    private init?(microseconds: Double, text: String) {
        guard microseconds.isFinite, microseconds < Double(Int64.max / 2) else { return nil }
        self.microseconds = Int64(microseconds)
        self.description = text
    }

    /// The span as a Swift `Duration`.
    var duration: Duration { .microseconds(microseconds) }
}
