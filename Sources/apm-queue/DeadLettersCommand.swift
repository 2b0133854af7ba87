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

import ArgumentParser

/// `apm-queue dead-letters`: events the server rejected for good.
struct DeadLettersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List, requeue or delete the events APM Server rejected.",
        subcommands: [DeadLettersListCommand.self, DeadLettersRequeueCommand.self, DeadLettersPurgeCommand.self])
}
