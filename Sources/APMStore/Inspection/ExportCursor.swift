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

/// Position in an export: after event `afterEventID` of run `metadataID`.
package struct ExportCursor: Sendable, Equatable {
    /// The run (metadata row) of the last exported page.
    package var metadataID: Int64
    /// The last exported event id of that run.
    package var afterEventID: Int64

    /// Creates a cursor.
    package init(metadataID: Int64, afterEventID: Int64) {
        self.metadataID = metadataID
        self.afterEventID = afterEventID
    }
}
