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

/// Per-transaction statistics of exit spans that were dropped (intake `dropped_spans_stats`).
struct DroppedSpanStats: Sendable {
    /// At most this many distinct entries are kept per transaction (spec: MUST be 128).
    static let maxEntries = 128

    /// One aggregated entry.
    struct Entry: Sendable, Hashable {
        var resource: String?
        var targetType: String?
        var targetName: String?
        var outcome: APMOutcome
        var count: Int
        var sumMicros: Int64
    }

    private struct Key: Hashable {
        var resource: String?
        var targetType: String?
        var targetName: String?
        var outcome: APMOutcome
    }

    private var indexByKey: [Key: Int] = [:]
    private(set) var entries: [Entry] = []

    /// Records one dropped exit span; ignored when it has no target or the table is full.
    mutating func record(target: SpanEvent.ServiceTarget?, outcome: APMOutcome, durationMillis: Double) {
        guard let target, target.type?.isEmpty == false || target.name?.isEmpty == false else { return }
        let key = Key(resource: target.resource, targetType: target.type, targetName: target.name, outcome: outcome)
        let micros = Int64((durationMillis * 1000).rounded())
        if let index = indexByKey[key] {
            entries[index].count += 1
            entries[index].sumMicros += micros
        } else if entries.count < Self.maxEntries {
            indexByKey[key] = entries.count
            entries.append(
                Entry(
                    resource: target.resource, targetType: target.type, targetName: target.name,
                    outcome: outcome, count: 1, sumMicros: micros))
        }
    }
}
