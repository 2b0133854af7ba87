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

/// Breakdown-metric bookkeeping of a span: its direct children's running time, under the span's lock
/// (a child's end is recorded by ``APMSpan/childEnded(at:offering:eligible:limits:)``).
extension APMSpan {
    /// A direct child started at `nanos` (breakdown metrics).
    func childStarted(at nanos: UInt64) {
        state.withLock { state in
            if !state.ended { state.childTimer.childStarted(at: nanos) }
        }
    }
}
