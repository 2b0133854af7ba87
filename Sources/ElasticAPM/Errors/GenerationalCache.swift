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

/// A bounded cache: two generations of at most `capacity / 2` entries each. Lookups find entries
/// in either generation and move old ones to the current one; when the current generation is full
/// it becomes the old one and the old one is dropped, so entries still in use stay while those
/// not met for a generation go (an approximate LRU at O(1) per operation).
struct GenerationalCache<Key: Hashable, Value> {
    /// The most entries kept.
    let capacity: Int
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]

    /// A cache of at most `capacity` entries (at least 2).
    init(capacity: Int) {
        self.capacity = max(capacity, 2)
    }

    /// The number of entries.
    var count: Int { current.count + previous.count }

    /// The value for `key`, refreshed as recently used.
    mutating func value(for key: Key) -> Value? {
        if let value = current[key] { return value }
        guard let value = previous.removeValue(forKey: key) else { return nil }
        insert(value, for: key)
        return value
    }

    /// Whether `key` has an entry (without refreshing it).
    func contains(_ key: Key) -> Bool {
        current[key] != nil || previous[key] != nil
    }

    /// Stores `value` for `key`.
    mutating func insert(_ value: Value, for key: Key) {
        if current.count >= capacity / 2, current[key] == nil {
            previous = current
            current = [:]
            current.reserveCapacity(capacity / 2)
        }
        previous.removeValue(forKey: key)
        current[key] = value
    }
}
