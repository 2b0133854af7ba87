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

/// Marks the log records the agent itself emits (through ``AgentLogHandler``), so that an
/// ``APMLogHandler`` in the application's logging system never captures them: capturing them
/// could make the agent log again about what it captured, a feedback loop.
enum AgentLogRecords {
    /// `true` while the agent's own log handler passes a record on.
    @TaskLocal static var isEmitting = false
}
