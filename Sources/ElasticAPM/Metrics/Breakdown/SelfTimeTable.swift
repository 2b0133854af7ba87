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

/// A transaction's span self times by span type and subtype, collected while it runs (under the
/// transaction's lock) and handed to the ``BreakdownAccumulator`` when it ends.
struct SelfTimeTable: Sendable {
    /// The totals of one span kind.
    struct Entry: Sendable, Equatable {
        var type: String
        var subtype: String?
        var count: Int64
        var nanos: UInt64
    }

    /// The totals, in order of first appearance (a transaction has few span kinds: a linear scan wins).
    private(set) var entries: [Entry] = []

    /// Adds one span's self time.
    mutating func add(type: String, subtype: String?, nanos: UInt64) {
        add(Entry(type: type, subtype: subtype, count: 1, nanos: nanos))
    }

    /// Adds the totals of `entry` to those of its span kind.
    mutating func add(_ entry: Entry) {
        if let index = entries.firstIndex(where: { $0.type == entry.type && $0.subtype == entry.subtype }) {
            entries[index].count += entry.count
            entries[index].nanos += entry.nanos
        } else {
            entries.append(entry)
        }
    }

    /// Whether the table has totals for this span kind.
    func contains(type: String, subtype: String?) -> Bool {
        entries.contains { $0.type == type && $0.subtype == subtype }
    }
}
