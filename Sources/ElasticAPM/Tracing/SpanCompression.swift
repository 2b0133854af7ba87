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

/// Span compression (spec `handling-huge-traces/tracing-spans-compress.md`): consecutive fast
/// exit spans of the same kind under one parent are merged into one composite span.
enum SpanCompression {
    /// The limits, read once per transaction.
    struct Limits: Sendable {
        var enabled: Bool
        var exactMatchMaxMillis: Double
        var sameKindMaxMillis: Double
    }

    /// Whether an ended span may take part in compression.
    static func isEligible(_ span: SpanEvent, hasPropagatedContext: Bool) -> Bool {
        span.isExit && !hasPropagatedContext && span.outcome == .success
    }

    private static func isSameKind(_ a: SpanEvent, _ b: SpanEvent) -> Bool {
        a.type == b.type && a.subtype == b.subtype
            && a.serviceTarget?.type == b.serviceTarget?.type && a.serviceTarget?.name == b.serviceTarget?.name
    }

    /// Tries to merge `sibling` into `buffered`; returns `false` (leaving both unchanged) when they may not be merged.
    static func tryCompress(_ buffered: SpanEvent, with sibling: SpanEvent, limits: Limits) -> Bool {
        guard isSameKind(buffered, sibling) else { return false }
        var composite: SpanEvent.Composite
        if let existing = buffered.composite {
            switch existing.strategy {
            case "exact_match":
                guard buffered.name == sibling.name, sibling.duration <= limits.exactMatchMaxMillis else { return false }
            default:
                guard sibling.duration <= limits.sameKindMaxMillis else { return false }
            }
            composite = existing
        } else if buffered.name == sibling.name {
            guard buffered.duration <= limits.exactMatchMaxMillis, sibling.duration <= limits.exactMatchMaxMillis
            else { return false }
            composite = SpanEvent.Composite(count: 1, sum: buffered.duration, strategy: "exact_match")
        } else {
            guard buffered.duration <= limits.sameKindMaxMillis, sibling.duration <= limits.sameKindMaxMillis
            else { return false }
            composite = SpanEvent.Composite(count: 1, sum: buffered.duration, strategy: "same_kind")
            buffered.name = compositeName(for: buffered)
        }
        composite.count += 1
        composite.sum += sibling.duration
        buffered.composite = composite
        let bufferedEnd = Double(buffered.timestamp) / 1000 + buffered.duration
        let siblingEnd = Double(sibling.timestamp) / 1000 + sibling.duration
        let start = min(buffered.timestamp, sibling.timestamp)
        buffered.duration = max(bufferedEnd, siblingEnd) - Double(start) / 1000
        buffered.timestamp = start
        return true
    }

    /// `Calls to <type>/<name>`, `Calls to <type>`, `Calls to <name>` or `Calls to unknown`.
    static func compositeName(for span: SpanEvent) -> String {
        let type = span.serviceTarget?.type.flatMap { $0.isEmpty ? nil : $0 }
        let name = span.serviceTarget?.name.flatMap { $0.isEmpty ? nil : $0 }
        switch (type, name) {
        case let (type?, name?): return "Calls to \(type)/\(name)"
        case let (type?, nil): return "Calls to \(type)"
        case let (nil, name?): return "Calls to \(name)"
        case (nil, nil): return "Calls to unknown"
        }
    }
}
