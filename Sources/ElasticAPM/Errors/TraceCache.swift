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

/// Whole resolved traces by their program counters, bounded like ``FrameCache`` (two generations
/// of at most `capacity / 2` traces): spans started at the same call site capture the same
/// addresses, and one lookup of the trace replaces a lookup per frame and a new array of frames.
/// The frames share their strings with the ``FrameCache`` entries they were built from.
struct TraceCache {
    /// A trace's key: its program counters and the most frames reported.
    struct Key: Hashable {
        var addresses: [UInt64]
        var limit: Int
    }

    /// The most traces kept.
    let capacity: Int
    private var current: [Key: [StackFrame]] = [:]
    private var previous: [Key: [StackFrame]] = [:]

    /// A cache of at most `capacity` traces (at least 2).
    init(capacity: Int) {
        self.capacity = max(capacity, 2)
    }

    /// The number of traces.
    var count: Int { current.count + previous.count }

    /// The frames of the trace `key`, refreshed as recently used.
    mutating func frames(for key: Key) -> [StackFrame]? {
        if let frames = current[key] { return frames }
        guard let frames = previous.removeValue(forKey: key) else { return nil }
        insert(frames, for: key)
        return frames
    }

    /// Stores the frames of the trace `key`.
    mutating func insert(_ frames: [StackFrame], for key: Key) {
        if current.count >= capacity / 2, current[key] == nil {
            previous = current
            current = [:]
            current.reserveCapacity(capacity / 2)
        }
        previous.removeValue(forKey: key)
        current[key] = frames
    }
}
