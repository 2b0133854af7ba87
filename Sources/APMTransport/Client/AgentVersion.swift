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

/// The version of apm-agent-swift: the `apm-agent-swift/<version>` part of the `User-Agent`
/// header and `agent.version` in the metadata of every process run.
package enum AgentVersion {
    /// The version string, `major.minor.patch`.
    package static let current = "0.1.0"
}
