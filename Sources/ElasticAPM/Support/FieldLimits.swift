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

/// Length limits of intake fields and the truncation the spec prescribes for them.
///
/// Lengths count Unicode scalars ("unicode characters" in the spec), not grapheme clusters.
enum FieldLimits {
    /// The limit of keyword fields (intake `maxLength: 1024`).
    static let keywordLength = 1024
    /// The default `long_field_max_length`, for request and message bodies, `db.statement`
    /// and error messages.
    static let longFieldLength = 10_000
    /// The character that marks a truncated value.
    static let ellipsis: Unicode.Scalar = "\u{2026}"

    /// `s` unchanged when it has at most `maxScalars` scalars; otherwise its first
    /// `maxScalars - 1` scalars followed by `…`, so the result has exactly `maxScalars` scalars.
    ///
    /// A scalar is never split (a grapheme cluster may be). `maxScalars <= 0` gives `""`.
    static func truncate(_ s: String, maxScalars: Int) -> String {
        guard s.utf8.count > maxScalars else { return s }
        guard maxScalars > 0 else { return "" }
        let scalars = s.unicodeScalars
        var cut = scalars.startIndex
        var kept = 0
        while kept < maxScalars - 1, cut < scalars.endIndex {
            scalars.formIndex(after: &cut)
            kept += 1
        }
        // Unchanged when exactly one or no scalar remains after the cut.
        guard cut < scalars.endIndex, scalars.index(after: cut) < scalars.endIndex else { return s }
        var result = String(scalars[..<cut])
        result.unicodeScalars.append(ellipsis)
        return result
    }
}
