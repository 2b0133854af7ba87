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

/// The one ended child a parent (transaction or span) may hold back for compression. Part of the
/// parent's state, used under the parent's lock.
struct ChildSpanBuffer: Sendable {
    private var buffered: SpanEvent?

    /// What the caller must report after offering a span to the buffer.
    enum Offer {
        /// The span was buffered or merged; nothing to report now.
        case held
        /// Report `first`, then `second` when there is one.
        case report(SpanEvent, then: SpanEvent?)
    }

    /// Offers an ended child: buffered/merged when compression allows, otherwise returned for reporting
    /// together with a previously buffered sibling that can no longer be merged. Once the parent has
    /// ended nothing is held.
    mutating func offer(_ span: SpanEvent, eligible: Bool, limits: SpanCompression.Limits, parentEnded: Bool) -> Offer {
        if parentEnded { return .report(span, then: nil) }
        guard eligible, limits.enabled else {
            if let previous = buffered {
                buffered = nil
                return .report(previous, then: span)
            }
            return .report(span, then: nil)
        }
        guard let previous = buffered else {
            buffered = span
            return .held
        }
        if SpanCompression.tryCompress(previous, with: span, limits: limits) { return .held }
        buffered = span
        return .report(previous, then: nil)
    }

    /// The parent ended: returns the held span, if any, for reporting.
    mutating func close() -> SpanEvent? {
        defer { buffered = nil }
        return buffered
    }
}
