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

/// An ended transaction, as handed from the application thread to the writer thread.
///
/// A reference, so ending a transaction and the hand-off move a pointer instead of copying (and
/// boxing) a large value; nothing modifies it after it is built.
final class TransactionEvent: Sendable {
    let id: APMSpanID
    let traceID: APMTraceID
    let parentID: APMSpanID?
    let name: String
    let type: String
    let result: String?
    let outcome: APMOutcome
    let timestamp: Int64
    let duration: Double
    let sampled: Bool
    let sampleRate: Double?
    let spansStarted: Int
    let spansDropped: Int
    let droppedSpanStats: [DroppedSpanStats.Entry]
    let context: EventContext
    let links: [APMSpanLink]
    /// `otel.span_kind` and `otel.attributes` of a transaction begun through ``APMTracer``.
    let otel: OTelFields?

    init(
        id: APMSpanID, traceID: APMTraceID, parentID: APMSpanID?, name: String, type: String, result: String?,
        outcome: APMOutcome, timestamp: Int64, duration: Double, sampled: Bool, sampleRate: Double?, spansStarted: Int,
        spansDropped: Int, droppedSpanStats: [DroppedSpanStats.Entry], context: EventContext, links: [APMSpanLink],
        otel: OTelFields? = nil
    ) {
        self.id = id
        self.traceID = traceID
        self.parentID = parentID
        self.name = name
        self.type = type
        self.result = result
        self.outcome = outcome
        self.timestamp = timestamp
        self.duration = duration
        self.sampled = sampled
        self.sampleRate = sampleRate
        self.spansStarted = spansStarted
        self.spansDropped = spansDropped
        self.droppedSpanStats = droppedSpanStats
        self.context = context
        self.links = links
        self.otel = otel
    }
}

/// Context shared by transactions and errors (`context.*`).
struct EventContext: Sendable {
    var labels: [(String, APMLabelValue)] = []
    var custom: [String: APMCustomValue] = [:]
    var user: APMUserContext?
    var request: APMRequestContext?
    var response: APMResponseContext?

    var isEmpty: Bool {
        labels.isEmpty && custom.isEmpty && (user?.isEmpty ?? true) && request == nil && response == nil
    }
}
