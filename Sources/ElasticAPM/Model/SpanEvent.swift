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

/// An ended span, as handed from the application thread to the writer thread.
///
/// A reference, so the parent's compression buffer, the hand-off and the writer share one
/// allocation instead of copying a large value at each step. The thread that ends the span builds
/// it; only the compression buffer of its parent, under the parent's lock, modifies it (the
/// variables are the fields compression changes) before it is handed to the writer. Nothing
/// modifies it after ``EventPipeline/submit(_:durable:timeout:)``, which is what makes sharing it
/// across threads safe.
final class SpanEvent: @unchecked Sendable {
    let id: APMSpanID
    let transactionID: APMSpanID
    let parentID: APMSpanID
    let traceID: APMTraceID
    var name: String
    let type: String
    let subtype: String?
    let action: String?
    var timestamp: Int64
    var duration: Double
    let outcome: APMOutcome
    let isExit: Bool
    let sync: Bool?
    let sampleRate: Double?
    let labels: [(String, APMLabelValue)]
    /// The context, when the span has one (see ``context``).
    let sharedContext: SharedSpanContext?
    let serviceTarget: ServiceTarget?
    var composite: Composite?
    let stackTrace: CapturedStackTrace?
    let links: [APMSpanLink]
    /// `otel.span_kind` and `otel.attributes` of a span begun through ``APMTracer``.
    let otel: OTelFields?

    init(
        id: APMSpanID, transactionID: APMSpanID, parentID: APMSpanID, traceID: APMTraceID, name: String, type: String,
        subtype: String?, action: String?, timestamp: Int64, duration: Double, outcome: APMOutcome, isExit: Bool,
        sync: Bool?, sampleRate: Double?, labels: [(String, APMLabelValue)], context: SharedSpanContext?,
        serviceTarget: ServiceTarget?, composite: Composite?, stackTrace: CapturedStackTrace?, links: [APMSpanLink],
        otel: OTelFields? = nil
    ) {
        self.id = id
        self.transactionID = transactionID
        self.parentID = parentID
        self.traceID = traceID
        self.name = name
        self.type = type
        self.subtype = subtype
        self.action = action
        self.timestamp = timestamp
        self.duration = duration
        self.outcome = outcome
        self.isExit = isExit
        self.sync = sync
        self.sampleRate = sampleRate
        self.labels = labels
        self.sharedContext = context
        self.serviceTarget = serviceTarget
        self.composite = composite
        self.stackTrace = stackTrace
        self.links = links
        self.otel = otel
    }

    /// Database, HTTP, messaging and destination details.
    var context: APMSpanContext? { sharedContext?.value }

    /// The compressed-span summary (intake `composite`).
    struct Composite: Sendable {
        var count: Int
        var sum: Double
        var strategy: String
    }

    /// The inferred or user-set destination service of an exit span.
    struct ServiceTarget: Sendable, Hashable {
        var type: String?
        var name: String?
        var resource: String?
    }
}
