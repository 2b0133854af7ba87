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

import APMTestSupport
import Foundation
import Subprocess
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `apm-queue` binary and collects what it printed.
enum CLI {
    /// One run: exit code and output.
    struct Run: CustomStringConvertible, Sendable {
        var exitCode: Int32?
        var output: String
        var error: String

        /// Standard output's lines (without the final empty one).
        var lines: [String] {
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }

        /// Standard error's lines.
        var errorLines: [String] { error.split(separator: "\n").map(String.init) }

        /// Standard output as one JSON object.
        func json() throws -> [String: Any] {
            try #require(
                try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "not a JSON object: \(output)")
        }

        /// Standard output as ndjson objects.
        func ndjson() throws -> [[String: Any]] {
            try lines.map { line in
                try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
            }
        }

        var description: String { "exit \(exitCode.map(String.init) ?? "signal")\nstdout:\n\(output)\nstderr:\n\(error)" }
    }

    /// What `apm-queue` reads on its standard input.
    enum Input {
        /// End of file at once (`/dev/null`).
        case empty
        /// These bytes, then end of file.
        case bytes([UInt8])
        /// An open descriptor (e.g. a pseudo-terminal), which the caller keeps and closes.
        case fileDescriptor(Int32)
    }

    /// Runs `apm-queue arguments` with `environment` added, reading `input` (nothing by default:
    /// never the test runner's terminal).
    static func run(_ arguments: [String], environment: [String: String] = [:], input: Input = .empty) async throws -> Run {
        let binary = try TestBinaries.path(of: "apm-queue")
        // Tests name the queue and the server explicitly; a developer's own settings must not leak in.
        let base = [
            "ELASTIC_APM_QUEUE_PATH": "", "XDG_STATE_HOME": "/nonexistent-apm-queue-test",
            "ELASTIC_APM_SERVER_URL": "", "ELASTIC_APM_SECRET_TOKEN": "", "ELASTIC_APM_API_KEY": "",
            "ELASTIC_APM_VERIFY_SERVER_CERT": "", "ELASTIC_APM_SERVER_CA_CERT_FILE": "", "ELASTIC_APM_SERVER_TIMEOUT": "",
            "HTTP_PROXY": "", "http_proxy": "", "HTTPS_PROXY": "", "https_proxy": "",
        ]
        let environment = base.merging(environment) { _, new in new }
        let done = try await spawn(binary, arguments, environment: environment, input: input)
        return Run(exitCode: done.exitCode, output: done.outputText, error: done.errorText)
    }

    /// Runs `binary` to its end with `input` on its standard input.
    private static func spawn(
        _ binary: String, _ arguments: [String], environment: [String: String], input: Input
    ) async throws -> FinishedChild {
        switch input {
        case .empty:
            try await runToCompletion(binary, arguments, environment: environment, input: .none)
        case .bytes(let bytes):
            try await runToCompletion(binary, arguments, environment: environment, input: .array(bytes))
        case .fileDescriptor(let fd):
            try await runToCompletion(binary, arguments, environment: environment, input: .descriptor(fd))
        }
    }

    /// Runs `apm-queue <command…> --queue path <more…>`.
    static func run(_ command: [String], queue path: String, _ more: [String] = [], input: Input = .empty) async throws -> Run {
        try await run(command + ["--queue", path] + more, input: input)
    }
}

/// The bytes of a file.
func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Permission bits of `path`.
func mode(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode & 0o777)
}

/// Every line is at most 80 characters wide.
func fitsEightyColumns(_ lines: [String]) -> Bool {
    lines.allSatisfy { $0.count <= 80 }
}
