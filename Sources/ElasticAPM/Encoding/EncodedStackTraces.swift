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

/// The `stacktrace` arrays of span traces already encoded, by the trace's program counters:
/// spans started at one call site carry the same trace, and appending its bytes replaces
/// encoding every frame again. Only final traces (every frame symbolicated as far as it can be)
/// are kept, at most ``capacity`` (see ``GenerationalCache``). Writer thread only.
final class EncodedStackTraces {
    /// The most traces kept.
    static let capacity = 512

    private var arrays = GenerationalCache<TraceKey, [UInt8]>(capacity: EncodedStackTraces.capacity)

    /// The number of traces kept.
    var count: Int { arrays.count }

    /// The encoded `stacktrace` array of the trace `key`, if kept.
    func json(for key: TraceKey) -> [UInt8]? {
        arrays.value(for: key)
    }

    /// Keeps `json`, the encoded `stacktrace` array of the trace `key`.
    func insert(_ json: [UInt8], for key: TraceKey) {
        arrays.insert(json, for: key)
    }
}
