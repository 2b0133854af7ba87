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

import APMStore

/// An encoded event ready for the queue.
package struct EncodedEvent: Sendable, Hashable {
    /// The intake event type: `transaction`, `span`, `error`, `metricset` or `log`.
    package var kind: String
    /// When the event was captured, µs since the epoch.
    package var createdAt: Int64
    /// The ndjson line, without the trailing newline.
    package var line: [UInt8]
    /// Whether the event is an unsampled transaction, which APM Server 8.0 and later do not want:
    /// the queue keeps those in blocks of their own that the sender acknowledges without sending.
    package var isUnsampledTransaction: Bool

    /// Creates an encoded event.
    package init(kind: String, createdAt: Int64, line: [UInt8], isUnsampledTransaction: Bool = false) {
        self.kind = kind
        self.createdAt = createdAt
        self.line = line
        self.isUnsampledTransaction = isUnsampledTransaction
    }
}

/// The writer's view of the queue: where the writer thread persists encoded events. Called only
/// from the writer thread.
protocol QueueWriter: AnyObject {
    /// Stores this process run's metadata line once and returns its id.
    func registerMetadata(_ line: [UInt8], createdAt: Int64) throws -> Int64
    /// Appends the lines of `batch` to the run `metadataID` in one transaction.
    func append(_ batch: EventBatch, metadataID: Int64) throws
    /// Adds to the persisted agent-health counters (`captured.<kind>`, `dropped.<reason>`).
    func addCounters(_ deltas: [String: Int64]) throws
    /// The number of events in the queue now, from every run, sent or not yet.
    func pendingCount() throws -> Int
}

/// Why the writer could not store a commit's events; each maps to a drop reason counter.
enum QueueWriteFailure: Error {
    /// The disk or quota is full (reason `disk_full`).
    case diskFull
    /// The queue file or its folder is read-only (reason `read_only`).
    case readOnly(String)
    /// Any other storage error (reason `store`).
    case other(String)

    var reason: String {
        switch self {
        case .diskFull: "disk_full"
        case .readOnly: "read_only"
        case .other: "store"
        }
    }
}
