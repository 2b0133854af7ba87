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

/// Reads the `Cache-Control` header of an agent configuration answer.
package enum CacheControl {
    /// The `max-age` directive in seconds, or `nil` when the header is missing, has no
    /// `max-age`, or its value is not a whole number above zero (the agent spec treats a
    /// value ≤ 0 as missing).
    ///
    /// Directives are comma-separated and case-insensitive; a quoted value (`max-age="30"`)
    /// is accepted.
    package static func maxAge(_ header: String?) -> Int? {
        guard let header else { return nil }
        for directive in header.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, trimmed(parts[0]).lowercased() == "max-age" else { continue }
            var value = trimmed(parts[1])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let seconds = Int(value), seconds > 0
            else { return nil }
            return seconds
        }
        return nil
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
