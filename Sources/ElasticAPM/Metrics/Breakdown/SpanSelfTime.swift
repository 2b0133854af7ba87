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

/// What an ending span contributes to breakdown metrics.
struct SpanSelfTime: Sendable {
    var type: String
    var subtype: String?
    /// The span's duration minus the time its direct children were running.
    var nanos: UInt64
    /// When the span ended (monotonic nanoseconds).
    var endNanos: UInt64
    /// Whether the span's parent is the transaction (its end closes a child interval of the transaction).
    var childOfTransaction: Bool
}
