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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error: lines for people, raw bytes for exports, and the `y/N` question
/// of destructive commands.
enum Console {
    /// Prints `line` and a newline on standard output.
    static func out(_ line: String = "") {
        writeAll(STDOUT_FILENO, Array((line + "\n").utf8))
    }

    /// Prints lines on standard output.
    static func out(_ lines: [String]) {
        writeAll(STDOUT_FILENO, Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Writes `text` on standard output as it is, no newline added (a progress line redrawn in place).
    static func draw(_ text: String) {
        writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    /// Prints `apm-queue: message` on standard error.
    static func error(_ message: String) {
        writeAll(STDERR_FILENO, Array(("apm-queue: " + message + "\n").utf8))
    }

    /// Writes all of `bytes` to `fd` (unbuffered: nothing is left to flush at exit).
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Returns when the operator agreed to `question` (a destructive action): at once with
    /// `assumeYes`; otherwise asks `question [y/N]` on standard error when standard input is a
    /// terminal, and refuses (usage error) when it is not.
    static func confirm(_ question: String, assumeYes: Bool) throws(CommandFailure) {
        if assumeYes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw .usage("not confirmed: standard input is not a terminal; pass --yes to proceed (nothing was removed)")
        }
        writeAll(STDERR_FILENO, Array((question + " [y/N] ").utf8))
        let answer = readLine(strippingNewline: true)?.lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            throw CommandFailure("not confirmed; nothing was removed")
        }
    }
}
