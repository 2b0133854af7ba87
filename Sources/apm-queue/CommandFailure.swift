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

import APMStore

/// A failure reported as one line on standard error with an exit status: 1 for an error,
/// 2 for a usage problem.
struct CommandFailure: Error, CustomStringConvertible {
    /// The line to print (without the `apm-queue:` prefix).
    var description: String
    /// The process exit status.
    var exitCode: Int32

    /// An error (exit status 1).
    init(_ message: String) {
        description = message
        exitCode = 1
    }

    /// A usage problem (exit status 2).
    static func usage(_ message: String) -> CommandFailure {
        var failure = CommandFailure(message)
        failure.exitCode = 2
        return failure
    }

    /// A queue error, in the store's own words.
    init(_ error: QueueError) {
        self.init(error.description)
    }
}
