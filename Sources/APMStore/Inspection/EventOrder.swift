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

/// Listing order, by row id (= insertion order).
package enum EventOrder: Sendable {
    /// Oldest first (FIFO, the order of delivery).
    case oldestFirst
    /// Newest first.
    case newestFirst
}
