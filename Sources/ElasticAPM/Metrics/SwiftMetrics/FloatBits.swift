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

import Synchronization

/// A `Double` kept as its bit pattern in an `Atomic<UInt64>`, updated lock-free.
enum FloatBits {
    /// Adds `amount` to the double stored in `atomic`.
    static func add(_ amount: Double, to atomic: borrowing Atomic<UInt64>) {
        var current = atomic.load(ordering: .relaxed)
        while true {
            let updated = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = atomic.compareExchange(
                expected: current, desired: updated, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
