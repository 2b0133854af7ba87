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

/// A row of the `metadata` table: one process run's ndjson metadata line.
package struct MetadataRecord: Sendable, Equatable {
    /// Row id, referenced by the run's events.
    package var id: Int64
    /// When the run registered it, µs since the Unix epoch.
    package var createdAt: Int64
    /// The metadata ndjson line without its trailing newline.
    package var body: [UInt8]

    /// Creates a value (normally produced by the store).
    package init(id: Int64, createdAt: Int64, body: [UInt8]) {
        self.id = id
        self.createdAt = createdAt
        self.body = body
    }
}
