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

/// A trace's key: its program counters and the most frames reported.
struct TraceKey: Hashable {
    var addresses: [UInt64]
    var limit: Int
}

/// Whole resolved traces by their program counters, bounded (see ``GenerationalCache``): spans
/// started at the same call site capture the same addresses, and one lookup of the trace replaces
/// a lookup per frame and a new array of frames. The frames share their strings with the
/// ``FrameCache`` entries they were built from.
typealias TraceCache = GenerationalCache<TraceKey, [StackFrame]>
