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

/// A change to `queue_totals` built up inside one write transaction: the events, stored bytes
/// and raw bytes added or removed per kind. Applied once per kind at the end
/// (``EventQueue/applyTotals(_:)``), in the transaction that changed the blocks.
struct TotalsDelta {
    struct Change {
        var events: Int64 = 0
        var bytes: Int64 = 0
        var rawBytes: Int64 = 0
    }

    private(set) var byKind: [String: Change] = [:]

    /// True when nothing changed.
    var isEmpty: Bool { byKind.isEmpty }

    /// Counts a block of `kind` with `events` lines, `size` stored and `rawSize` raw bytes as
    /// added (`sign` 1) or removed (`sign` -1).
    mutating func add(kind: String, events: Int64, size: Int64, rawSize: Int64, sign: Int64) {
        byKind[kind, default: Change()].events += sign * events
        byKind[kind, default: Change()].bytes += sign * size
        byKind[kind, default: Change()].rawBytes += sign * rawSize
    }
}
