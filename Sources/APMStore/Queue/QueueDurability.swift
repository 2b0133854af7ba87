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

/// How hard a commit waits for the disk (`queue_durability`).
package enum QueueDurability: String, Sendable {
    /// `PRAGMA synchronous=NORMAL` in WAL mode: a committed transaction survives a process crash
    /// (`kill -9`); an OS crash or power loss may lose the last commits, never corrupts the file.
    case batched
    /// `PRAGMA synchronous=FULL`: every commit is fsynced before it returns.
    case strict
}
