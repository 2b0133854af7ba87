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

import Foundation

/// The demo's final report.
struct DemoSummary: Encodable {
    var transactions: Int
    var spans: Int
    var errors: Int
    var messages: Int
    var captured: Int
    var stored: Int
    var dropped: Int
    /// Events still in the queue file after the final flush (sent later); an estimate when the
    /// flush did not complete.
    var unsent: Int
    /// Whether the final flush delivered everything in time.
    var flushed: Bool
    var seconds: Double

    var eventsPerSecond: Double { seconds > 0 ? Double(captured) / seconds : 0 }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Wire: Encodable {
            var transactions, spans, errors, messages, captured, stored, dropped, unsent: Int
            var flushed: Bool
            var seconds, events_per_second: Double
        }
        let wire = Wire(
            transactions: transactions, spans: spans, errors: errors, messages: messages, captured: captured,
            stored: stored, dropped: dropped, unsent: unsent, flushed: flushed, seconds: seconds,
            events_per_second: eventsPerSecond)
        return (try? String(decoding: encoder.encode(wire), as: UTF8.self)) ?? "{}"
    }

    var text: String {
        """
        transactions  \(transactions)
        spans         \(spans)
        errors        \(errors)
        messages      \(messages)
        captured      \(captured) events
        stored        \(stored) events
        dropped       \(dropped) events
        flushed       \(flushed ? "yes, APM Server has everything" : "no: \(unsent) events stay queued (sent on the next start or with apm-queue flush)")
        elapsed       \(String(format: "%.3f", seconds)) s (\(Int(eventsPerSecond)) events/s)
        """
    }
}
