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

import APMRuntime

/// An immutable view of the effective settings, swapped atomically when configuration changes,
/// with the values the hot paths need precomputed.
final class SettingsSnapshot: Sendable {
    /// The settings.
    let settings: AgentSettings
    /// Per-transaction limits, snapshotted at transaction start as the spec requires.
    let limits: TransactionLimits

    init(_ settings: AgentSettings) {
        self.settings = settings
        let minStack = settings.spanStackTraceMinDuration
        self.limits = TransactionLimits(
            maxSpans: settings.transactionMaxSpans,
            compression: SpanCompression.Limits(
                enabled: settings.spanCompressionEnabled,
                exactMatchMaxMillis: settings.spanCompressionExactMatchMaxDuration.inMilliseconds,
                sameKindMaxMillis: settings.spanCompressionSameKindMaxDuration.inMilliseconds),
            exitSpanMinMillis: settings.exitSpanMinDuration.inMilliseconds,
            spanStackTraceMinMillis: minStack < .zero ? nil : minStack.inMilliseconds,
            stackTraceLimit: settings.stackTraceLimit)
    }
}

/// The options a transaction reads once at its start and keeps for its lifetime.
struct TransactionLimits: Sendable {
    var maxSpans: Int
    var compression: SpanCompression.Limits
    var exitSpanMinMillis: Double
    /// `nil`: never capture span stack traces.
    var spanStackTraceMinMillis: Double?
    var stackTraceLimit: Int
}
