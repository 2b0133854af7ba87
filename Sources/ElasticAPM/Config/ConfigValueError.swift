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

/// A configuration value that could not be parsed, with a message naming the expected format.
struct ConfigValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A human-readable explanation, e.g. `expected a duration like "5ms", "10s" or "1m", got "5 ms"`.
    let message: String

    /// Creates an error with the given message.
    init(_ message: String) {
        self.message = message
    }

    /// Same as ``message``.
    var description: String { message }
}
