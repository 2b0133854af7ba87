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

/// The events of one commit as ndjson, grouped the way the store keeps them: one group per kind
/// and unsampled flag, each group's lines appended to one buffer.
///
/// The writer thread keeps one batch and reuses its buffers from commit to commit
/// (``removeAll()`` keeps their capacity), so encoding a line allocates nothing in steady state
/// and a block is compressed from one contiguous buffer.
package struct EventBatch {
    /// The lines of one kind (and unsampled flag), in capture order.
    package struct Group {
        /// "transaction", "span", "error", "metricset" or "log".
        package let kind: String
        /// The group holds transactions that were not sampled.
        package let isUnsampledTransactions: Bool
        /// The lines, each followed by "\n".
        package fileprivate(set) var ndjson: [UInt8] = []
        /// Where each line ends in ``ndjson`` (the offset after its newline).
        package fileprivate(set) var lineEnds: [Int] = []
        /// When each line's event was captured, µs since the Unix epoch.
        package fileprivate(set) var createdAt: [Int64] = []

        /// The number of lines.
        package var count: Int { lineEnds.count }

        /// The bytes of line `index`, without its newline.
        package func line(_ index: Int) -> ArraySlice<UInt8> {
            ndjson[(index == 0 ? 0 : lineEnds[index - 1])..<(lineEnds[index] - 1)]
        }
    }

    /// Groups in order of their first line; empty groups of earlier commits stay for reuse.
    package private(set) var groups: [Group] = []
    /// The group of each line in capture order.
    private var order: [UInt8] = []

    /// Creates an empty batch.
    package init() {}

    /// A batch of `events`, in their order.
    package init(_ events: [NewEvent]) {
        for event in events {
            append(
                kind: event.kind, isUnsampledTransaction: event.isUnsampledTransaction, createdAt: event.createdAt,
                line: event.body)
        }
    }

    /// Lines in the batch.
    package var count: Int { order.count }

    /// Raw ndjson bytes in the batch, newlines included.
    package private(set) var rawSize = 0

    /// Appends one line: `write` appends its bytes (no newline) to the group's buffer, which
    /// it may also shorten back to where it started (to re-encode a line).
    package mutating func appendLine(
        kind: String, isUnsampledTransaction: Bool = false, createdAt: Int64, _ write: (inout [UInt8]) -> Void
    ) {
        let index = groupIndex(kind: kind, unsampled: isUnsampledTransaction)
        let before = groups[index].ndjson.count
        write(&groups[index].ndjson)
        groups[index].ndjson.append(UInt8(ascii: "\n"))
        rawSize += groups[index].ndjson.count - before
        groups[index].lineEnds.append(groups[index].ndjson.count)
        groups[index].createdAt.append(createdAt)
        order.append(UInt8(truncatingIfNeeded: index))
    }

    /// Appends one line given as bytes (without its newline).
    package mutating func append(
        kind: String, isUnsampledTransaction: Bool = false, createdAt: Int64, line: some Collection<UInt8>
    ) {
        appendLine(kind: kind, isUnsampledTransaction: isUnsampledTransaction, createdAt: createdAt) {
            $0.append(contentsOf: line)
        }
    }

    /// Calls `body` for every line in capture order.
    package func forEachLine(
        _ body: (_ kind: String, _ isUnsampledTransaction: Bool, _ createdAt: Int64, _ line: ArraySlice<UInt8>) throws -> Void
    ) rethrows {
        var next = [Int](repeating: 0, count: groups.count)
        for index in order {
            let group = Int(index)
            let line = next[group]
            next[group] += 1
            try body(
                groups[group].kind, groups[group].isUnsampledTransactions, groups[group].createdAt[line],
                groups[group].line(line))
        }
    }

    /// Indices of the non-empty groups, in the order of their first line in the batch.
    package var groupsInCaptureOrder: [Int] {
        var seen = [Bool](repeating: false, count: groups.count)
        var result: [Int] = []
        let wanted = groups.reduce(0) { $0 + ($1.count > 0 ? 1 : 0) }
        for index in order where !seen[Int(index)] {
            seen[Int(index)] = true
            result.append(Int(index))
            if result.count == wanted { break }
        }
        return result
    }

    /// Empties the batch, keeping its buffers for the next commit.
    package mutating func removeAll() {
        for index in groups.indices {
            groups[index].ndjson.removeAll(keepingCapacity: true)
            groups[index].lineEnds.removeAll(keepingCapacity: true)
            groups[index].createdAt.removeAll(keepingCapacity: true)
        }
        // Kinds are few; a batch that saw many combinations starts over.
        if groups.count > 16 { groups.removeAll() }
        order.removeAll(keepingCapacity: true)
        rawSize = 0
    }

    /// The index of the group for `kind` and `unsampled`, created at the end when new. Groups
    /// emptied by ``removeAll()`` keep their place (see ``groupsInCaptureOrder``).
    private mutating func groupIndex(kind: String, unsampled: Bool) -> Int {
        for index in groups.indices where groups[index].isUnsampledTransactions == unsampled && groups[index].kind == kind {
            return index
        }
        groups.append(Group(kind: kind, isUnsampledTransactions: unsampled))
        return groups.count - 1
    }
}
