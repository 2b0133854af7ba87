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

/// The id of one event (line) in the queue, for inspection and dead letters:
/// `block id × 10 000 + line index`. Ids grow with claim order; a block never holds more than
/// ``BlockCodec/maxLines`` lines, so the line index always fits.
package enum EventID {
    /// Ids per block: above ``BlockCodec/maxLines``.
    package static let stride: Int64 = 10_000

    /// The id of line `line` of block `block`.
    package static func make(block: Int64, line: Int) -> Int64 { block * stride + Int64(line) }
    /// The block of an event id.
    package static func block(_ id: Int64) -> Int64 { id / stride }
    /// The line index of an event id.
    package static func line(_ id: Int64) -> Int { Int(id % stride) }
}
