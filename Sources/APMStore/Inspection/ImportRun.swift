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

/// One process run to import with ``EventQueue/importRuns(_:now:)``: its metadata line and
/// its events, in FIFO order.
package struct ImportRun: Sendable, Equatable {
    /// The ndjson metadata line without its trailing newline.
    package var metadata: [UInt8]
    /// When the run's metadata row is to be dated, µs since the Unix epoch.
    package var metadataCreatedAt: Int64
    /// The run's events, oldest first.
    package var events: [NewEvent]

    /// Creates a run to import.
    package init(metadata: [UInt8], metadataCreatedAt: Int64, events: [NewEvent]) {
        self.metadata = metadata
        self.metadataCreatedAt = metadataCreatedAt
        self.events = events
    }
}
