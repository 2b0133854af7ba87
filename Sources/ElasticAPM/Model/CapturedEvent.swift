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

/// One event on its way from an application thread to the queue: plain values, no JSON, no I/O.
///
/// Every case holds one reference (a box, or the transaction or span event itself), so moving an
/// event through the hand-off moves a pointer; spans and transactions need no box of their own.
enum CapturedEvent: Sendable {
    case transaction(TransactionEvent)
    case span(SpanEvent)
    indirect case error(ErrorEvent)
    indirect case metricset(MetricsetEvent)
    indirect case log(LogRecordEvent)

    /// The intake event types, indexed by ``kindIndex``.
    static let kinds = ["transaction", "span", "error", "metricset", "log"]

    /// The position of this event's type in ``kinds``.
    var kindIndex: Int {
        switch self {
        case .transaction: 0
        case .span: 1
        case .error: 2
        case .metricset: 3
        case .log: 4
        }
    }

    /// The intake event type, also the queue's `kind` column.
    var kind: String { Self.kinds[kindIndex] }

    /// A cheap estimate of the memory this event holds, for the bounded hand-off.
    var approximateSize: Int {
        switch self {
        case .transaction(let event):
            let otelSize = (event.otel?.attributes.count ?? 0) * 64
            return 400 + event.name.utf8.count + event.context.approximateSize + event.droppedSpanStats.count * 96 + otelSize
        case .span(let event):
            var size = 320 + event.name.utf8.count + event.labels.count * 48
            size += (event.otel?.attributes.count ?? 0) * 64
            if let db = event.context?.db { size += db.statement?.utf8.count ?? 0 }
            if event.stackTrace != nil { size += 1024 }
            return size
        case .error(let event):
            var size = 512 + event.context.approximateSize
            size += event.exception?.message.utf8.count ?? 0
            size += event.log.map { $0.message.utf8.count + $0.metadata.count * 64 } ?? 0
            if event.exception?.stackTrace != nil || event.log?.stackTrace != nil { size += 1024 }
            return size
        case .metricset(let event):
            return event.approximateSize
        case .log(let event):
            return 256 + event.message.utf8.count + event.metadata.count * 64
        }
    }
}

extension EventContext {
    var approximateSize: Int {
        var size = labels.count * 48 + custom.count * 64
        if let request { size += 256 + request.headers.count * 64 + (request.body?.utf8.count ?? 0) }
        if response != nil { size += 128 }
        return size
    }
}
