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

import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

extension Executable {
    /// The executable at `path`, without a `PATH` lookup.
    package static func at(_ path: String) -> Self {
        .path(FilePath(path))
    }
}

extension Environment {
    /// This process's environment with `values` added (or overriding its own).
    package static func inherit(adding values: [String: String]) -> Self {
        var updates: [Key: String?] = [:]
        for (name, value) in values {
            guard let key = Key(rawValue: name) else { continue }
            updates[key] = value
        }
        return .inherit.updating(updates)
    }
}

extension InputProtocol where Self == FileDescriptorInput {
    /// The open descriptor `fd` (e.g. a pseudo-terminal), which the caller keeps and closes.
    package static func descriptor(_ fd: Int32) -> Self {
        .fileDescriptor(FileDescriptor(rawValue: fd), closeAfterSpawningProcess: false)
    }
}

/// What a child process run to its end wrote, and how it ended.
package struct FinishedChild: Sendable {
    /// How the child ended.
    package var status: TerminationStatus
    /// Standard output.
    package var standardOutput: [UInt8]
    /// Standard error.
    package var standardError: [UInt8]

    /// The exit code, or nil if a signal ended the child.
    package var exitCode: Int32? {
        if case .exited(let code) = status { return code }
        return nil
    }

    /// Standard output as text.
    package var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
    /// Standard error as text.
    package var errorText: String { String(decoding: standardError, as: UTF8.self) }

    /// Standard output's lines, without the empty one after a final newline.
    package var outputLines: [String] {
        var lines = outputText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Runs `executable` to its end, reading its standard output and error at the same time (so
/// that neither pipe fills up); at `timeLimit` the child is killed (SIGKILL) and what it wrote
/// until then is returned. `environment` entries are added to (or override) this process's.
package func runToCompletion(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    input: some InputProtocol = .none, timeLimit: Duration = .seconds(60)
) async throws -> FinishedChild {
    let result = try await run(
        .at(executable), arguments: Arguments(arguments), environment: .inherit(adding: environment),
        input: input, output: .sequence, error: .sequence
    ) { execution in
        try await withThrowingTaskGroup(of: Void.self) { watchdog in
            watchdog.addTask {
                try await Task.sleep(for: timeLimit)
                try? execution.send(signal: .kill)
            }
            async let output = collect(execution.standardOutput)
            async let errors = collect(execution.standardError)
            let written = try await (output, errors)
            watchdog.cancelAll()
            return written
        }
    }
    let (output, errors) = result.closureResult
    return FinishedChild(status: result.terminationStatus, standardOutput: output, standardError: errors)
}

/// Runs `executable` while `body` reads its standard output (`execution.standardOutput`) and
/// signals it (`execution.send(signal:)`); returns how the child ended and what `body` returned.
/// Its standard error goes to this process's. At `timeLimit` the child is killed (SIGKILL), so
/// a `body` waiting for output that never comes sees the end of the output instead.
package func withChild<Value: Sendable>(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    timeLimit: Duration = .seconds(120),
    _ body: (Execution<NoInput, SequenceOutput, FileDescriptorOutput>) async throws -> Value
) async throws -> (status: TerminationStatus, value: Value) {
    let result = try await run(
        .at(executable), arguments: Arguments(arguments), environment: .inherit(adding: environment),
        input: .none, output: .sequence, error: .currentStandardError
    ) { execution in
        try await withThrowingTaskGroup(of: Void.self) { watchdog in
            watchdog.addTask {
                try await Task.sleep(for: timeLimit)
                try? execution.send(signal: .kill)
            }
            let value = try await body(execution)
            watchdog.cancelAll()
            return value
        }
    }
    return (result.terminationStatus, result.closureResult)
}

/// Every byte of `sequence`, to its end.
private func collect(_ sequence: SubprocessOutputSequence) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await buffer in sequence {
        buffer.withUnsafeBytes { bytes += $0 }
    }
    return bytes
}
