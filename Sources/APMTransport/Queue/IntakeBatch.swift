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

/// One request's worth of queued rows: the metadata line of the process run that captured
/// them, followed by that run's event lines, oldest first.
///
/// Lines carry no trailing newline; the request builder adds the separators.
package struct IntakeBatch: Sendable {
    /// The `{"metadata":{…}}` line shared by every event of the batch.
    package var metadata: [UInt8]
    /// The claimed event rows, oldest first.
    package var events: [IntakeBatchEvent]

    /// Creates a batch from a metadata line and its event rows.
    package init(metadata: [UInt8], events: [IntakeBatchEvent]) {
        self.metadata = metadata
        self.events = events
    }
}
