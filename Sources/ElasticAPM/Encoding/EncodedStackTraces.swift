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

/// The `stacktrace` arrays of span traces already encoded, keyed by the trace's program counters:
/// spans started at one call site carry the same trace, and appending its bytes replaces
/// encoding every frame again. Only final traces (every frame symbolicated as far as it can be)
/// are kept. At most ``capacity`` traces; a full cache starts over. Writer thread only.
final class EncodedStackTraces {
    /// The most traces kept.
    static let capacity = 512

    private var arrays: [TraceCache.Key: [UInt8]] = [:]

    /// The number of traces kept.
    var count: Int { arrays.count }

    /// The encoded `stacktrace` array of the trace `key`, if kept.
    func json(for key: TraceCache.Key) -> [UInt8]? {
        arrays[key]
    }

    /// Keeps `json`, the encoded `stacktrace` array of the trace `key`.
    func insert(_ json: [UInt8], for key: TraceCache.Key) {
        if arrays.count >= Self.capacity { arrays.removeAll(keepingCapacity: true) }
        arrays[key] = json
    }
}
