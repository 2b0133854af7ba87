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

/// Resolved frames by code address, bounded: two generations of at most `capacity / 2` entries
/// each. Lookups find entries in either generation and move old ones to the current one; when the
/// current generation is full it becomes the old one and the old one is dropped, so the addresses
/// of code still running stay while those not met for a generation go (an approximate LRU at
/// O(1) per operation).
struct FrameCache {
    /// A resolved address: its frame, or `nil` for code the traces leave out (thunks).
    struct Entry {
        var frame: StackFrame?
    }

    /// The most entries kept.
    let capacity: Int
    private var current: [UInt64: Entry] = [:]
    private var previous: [UInt64: Entry] = [:]

    /// A cache of at most `capacity` entries (at least 2).
    init(capacity: Int) {
        self.capacity = max(capacity, 2)
    }

    /// The number of entries.
    var count: Int { current.count + previous.count }

    /// The entry for `address`, refreshed as recently used.
    mutating func entry(for address: UInt64) -> Entry? {
        if let entry = current[address] { return entry }
        guard let entry = previous.removeValue(forKey: address) else { return nil }
        insert(entry, for: address)
        return entry
    }

    /// Whether `address` has an entry (without refreshing it).
    func contains(_ address: UInt64) -> Bool {
        current[address] != nil || previous[address] != nil
    }

    /// Stores `entry` for `address`.
    mutating func insert(_ entry: Entry, for address: UInt64) {
        if current.count >= capacity / 2, current[address] == nil {
            previous = current
            current = [:]
            current.reserveCapacity(capacity / 2)
        }
        previous.removeValue(forKey: address)
        current[address] = entry
    }
}
