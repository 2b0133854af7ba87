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

/// Eviction class of a kind (`blocks.class`): the lowest class is evicted first.
enum EventClass {
    /// Spans, logs, metricsets (and unknown kinds).
    static let bulk: Int64 = 0
    /// Transactions.
    static let transaction: Int64 = 1
    /// Errors: evicted last.
    static let error: Int64 = 2

    static let all: [Int64] = [bulk, transaction, error]

    static func of(kind: String) -> Int64 {
        switch kind {
        case "transaction": return transaction
        case "error": return error
        default: return bulk
        }
    }
}
