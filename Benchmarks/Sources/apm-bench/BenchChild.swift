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

import Foundation

/// A child process of this benchmark binary (`apm-bench ARGUMENTS`) that reports on its last line
/// of standard output as `PREFIX N N …`.
enum BenchChild {
    /// The child exited with a failure or printed no report.
    struct Failure: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var output: String
        var description: String { "apm-bench \(arguments.joined(separator: " ")) exited with \(status): \(output)" }
    }

    /// Runs `apm-bench arguments` and returns the integers of its last line, which must start with
    /// `prefix` and hold `count` of them.
    static func run(_ arguments: [String], reportPrefix prefix: String, count: Int) throws -> [Int] {
        let process = Process()
        process.executableURL = URL(filePath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last ?? ""
        let fields = last.split(separator: " ").compactMap { Int($0) }
        guard process.terminationStatus == 0, last.hasPrefix(prefix + " "), fields.count == count else {
            throw Failure(arguments: arguments, status: process.terminationStatus, output: String(last))
        }
        return fields
    }
}
