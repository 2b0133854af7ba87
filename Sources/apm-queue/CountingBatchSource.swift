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

import APMTransport

/// The queue as the flush's sender sees it: an ``EventQueueBatchSource`` whose counter reports
/// also feed a ``FlushProgress``, so the command can show what this process sent.
final class CountingBatchSource: IntakeBatchSource {
    private let base: EventQueueBatchSource
    private let progress: FlushProgress

    init(_ base: EventQueueBatchSource, progress: FlushProgress) {
        self.base = base
        self.progress = progress
    }

    func claim(maxEvents: Int, maxBytes: Int) throws -> IntakeBatch? {
        try base.claim(maxEvents: maxEvents, maxBytes: maxBytes)
    }

    func acknowledge(_ ids: [Int64]) throws {
        try base.acknowledge(ids)
    }

    func release(_ ids: [Int64]) throws {
        try base.release(ids)
    }

    func deadLetter(_ ids: [Int64], status: Int, reasons: [Int64: String]) throws {
        try base.deadLetter(ids, status: status, reasons: reasons)
    }

    func addCounters(_ deltas: [String: Int64]) throws {
        try base.addCounters(deltas)
        progress.add(deltas)
    }

    func pendingCount() throws -> Int {
        try base.pendingCount()
    }

    func newestID() throws -> Int64? {
        try base.newestID()
    }

    func oldestPendingID() throws -> Int64? {
        try base.oldestPendingID()
    }
}
