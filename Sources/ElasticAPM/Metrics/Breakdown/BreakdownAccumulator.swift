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

import Synchronization

/// Span self times of ended transactions, summed per transaction name and type and span type and
/// subtype until the metrics thread drains them. Ending a transaction adds to it under a short
/// lock (one dictionary lookup by transaction name and type, no I/O).
final class BreakdownAccumulator: Sendable {
    /// The dimensions of one breakdown metricset.
    struct Key: Hashable, Sendable {
        var transactionName: String
        var transactionType: String
        var spanType: String
        var spanSubtype: String?
    }

    /// The totals of one key.
    struct Total: Equatable, Sendable {
        var count: Int64
        var nanos: UInt64
    }

    private struct TransactionKey: Hashable {
        var name: String
        var type: String
    }

    private struct State {
        var tables: [TransactionKey: SelfTimeTable] = [:]
        /// Distinct keys (transaction and span kind pairs) in `tables`.
        var keys = 0
    }

    /// At most this many distinct keys are kept per interval; self times of further keys are
    /// discarded until the next drain (a guard against unbounded transaction names).
    static let maxKeys = 1000

    private let state = Mutex(State())

    /// Adds the self times of one ended transaction.
    func record(transactionName: String, transactionType: String, _ table: SelfTimeTable) {
        let key = TransactionKey(name: transactionName, type: transactionType)
        state.withLock { state in
            if let index = state.tables.index(forKey: key) {
                for entry in table.entries {
                    if !state.tables.values[index].contains(type: entry.type, subtype: entry.subtype) {
                        guard state.keys < Self.maxKeys else { continue }
                        state.keys += 1
                    }
                    state.tables.values[index].add(entry)
                }
            } else if state.keys + table.entries.count <= Self.maxKeys {
                state.tables[key] = table
                state.keys += table.entries.count
            } else {
                var kept = SelfTimeTable()
                for entry in table.entries.prefix(Self.maxKeys - state.keys) { kept.add(entry) }
                state.keys += kept.entries.count
                if !kept.entries.isEmpty { state.tables[key] = kept }
            }
        }
    }

    /// Adds the self time of a span that ended after its transaction.
    func record(transactionName: String, transactionType: String, _ span: SpanSelfTime) {
        var table = SelfTimeTable()
        table.add(type: span.type, subtype: span.subtype, nanos: span.nanos)
        record(transactionName: transactionName, transactionType: transactionType, table)
    }

    /// Returns everything recorded since the last drain and starts afresh.
    func drain() -> [Key: Total] {
        let tables = state.withLock { state in
            defer { state = State() }
            return state.tables
        }
        var totals: [Key: Total] = [:]
        for (transaction, table) in tables {
            for entry in table.entries {
                totals[
                    Key(
                        transactionName: transaction.name, transactionType: transaction.type, spanType: entry.type,
                        spanSubtype: entry.subtype)] = Total(count: entry.count, nanos: entry.nanos)
            }
        }
        return totals
    }
}
