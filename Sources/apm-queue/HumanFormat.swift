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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Formatting for people: sizes (`1.2 MiB`), ages (`3m 12s`), counts (`12,345`), UTC times,
/// file modes, and fitting text into a column.
enum HumanFormat {
    /// The width human output is laid out for.
    static let width = 80

    /// Width of the label column of ``field(_:_:)`` lines.
    static let labelWidth = 14

    /// `label         value`: a label padded to ``labelWidth``, cut to ``width``.
    static func field(_ label: String, _ value: String) -> String {
        let padded = label + String(repeating: " ", count: max(1, labelWidth - label.count))
        return truncate(padded + singleLine(value), to: width)
    }

    /// `512 B`, `1.2 KiB`, `3.0 MiB`, `1.5 GiB`.
    static func bytes<T: BinaryInteger>(_ value: T) -> String {
        let count = Int64(value)
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var scaled = Double(count) / 1024
        var unit = 0
        while scaled >= 1023.95 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return oneDecimal(scaled) + " " + units[unit]
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// An age or duration from microseconds, the two largest units: `850ms`, `12s`, `3m 12s`,
    /// `2h 5m`, `4d 3h`. Negative values (clock skew) show as `0s`.
    static func age(microseconds: Int64) -> String {
        guard microseconds > 0 else { return "0s" }
        if microseconds < 1_000_000 { return "\(microseconds / 1_000)ms" }
        let seconds = microseconds / 1_000_000
        let parts: [(Int64, String)] = [
            (seconds / 86_400, "d"), (seconds % 86_400 / 3_600, "h"), (seconds % 3_600 / 60, "m"), (seconds % 60, "s"),
        ]
        guard let first = parts.firstIndex(where: { $0.0 > 0 }) else { return "0s" }
        var text = "\(parts[first].0)\(parts[first].1)"
        if first + 1 < parts.count, parts[first + 1].0 > 0 {
            text += " \(parts[first + 1].0)\(parts[first + 1].1)"
        }
        return text
    }

    /// A duration measured by the command: `85ms` below a second, else seconds with one
    /// decimal (`1.2s`, `61.0s`).
    static func elapsed(_ duration: Duration) -> String {
        let seconds = max(0, duration.inSeconds)
        return seconds < 1 ? "\(Int(seconds * 1000))ms" : oneDecimal(seconds) + "s"
    }

    /// `12,345`.
    static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `1 event`, `3 events`.
    static func count<T: BinaryInteger>(_ value: T, _ singular: String, _ plural: String? = nil) -> String {
        count(value) + " " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// `2025-01-31 23:59:59Z` for a time in µs since the Unix epoch.
    static func time(microseconds: Int64) -> String {
        var seconds = time_t(microseconds / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }

    /// `2025-01-31 23:59:59Z (3m 12s ago)`.
    static func timeAndAge(_ microseconds: Int64, now: Int64) -> String {
        "\(time(microseconds: microseconds)) (\(age(microseconds: now - microseconds)) ago)"
    }

    /// `0600`.
    static func mode(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `text` cut to at most `width` characters, ending with `…` when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `text` with its middle replaced by `…` to fit `width` (for paths).
    static func elideMiddle(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        let tail = (width - 1) / 2
        let head = width - 1 - tail
        return String(text.prefix(head)) + "…" + String(text.suffix(tail))
    }

    /// Control characters (newlines, escapes) replaced by spaces: stored text is shown on one
    /// line and cannot drive the terminal.
    static func singleLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0 }))
    }
}
