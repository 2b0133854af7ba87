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

/// One event with the metadata row it is sent with (``EventQueue/event(id:)``).
package struct EventDetail: Sendable, Equatable {
    /// The event and its lease state, body included.
    package var info: EventInfo
    /// Its run's metadata.
    package var metadata: MetadataRecord

    /// Creates a value (normally produced by the store).
    package init(info: EventInfo, metadata: MetadataRecord) {
        self.info = info
        self.metadata = metadata
    }
}
