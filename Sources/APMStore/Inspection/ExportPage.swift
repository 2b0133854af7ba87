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

/// A page of ``EventQueue/exportPage(after:limit:)``: events of one run, in FIFO order, with
/// the run's metadata (to write as the ndjson header before the events).
package struct ExportPage: Sendable, Equatable {
    /// The run's metadata row.
    package var metadata: MetadataRecord
    /// Up to `limit` events of that run, oldest first (bodies included).
    package var events: [StoredEvent]
    /// Pass to the next `exportPage(after:)` call.
    package var next: ExportCursor

    /// Creates a value (normally produced by the store).
    package init(metadata: MetadataRecord, events: [StoredEvent], next: ExportCursor) {
        self.metadata = metadata
        self.events = events
        self.next = next
    }
}
