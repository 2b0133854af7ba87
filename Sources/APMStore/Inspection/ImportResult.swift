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

/// What ``EventQueue/importEvents(metadata:metadataCreatedAt:events:now:)`` did.
package struct ImportResult: Sendable, Equatable {
    /// The metadata row created for the imported run.
    package var metadataID: Int64
    /// Rows inserted and evicted.
    package var append: AppendResult

    /// Creates a value (normally produced by the store).
    package init(metadataID: Int64, append: AppendResult) {
        self.metadataID = metadataID
        self.append = append
    }
}
