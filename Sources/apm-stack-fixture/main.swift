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

@_spi(Benchmarking) import ElasticAPM
import Foundation

// Child process of the stack-trace tests: resolves its first stack trace and prints its peak
// resident set (VmHWM, KiB) and its anonymous resident memory (RssAnon, KiB) just before and just
// after, whether the binaries' tables were read, and the frames
// (`frame FUNCTION|FILENAME|LINE|MODULE|LIBRARY`). `--dladdr-only` resolves with `dladdr` alone.

/// A field of `/proc/self/status` in KiB (0 where there is none).
func statusKiB(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.dropFirst(field.count + 1).split(whereSeparator: \.isWhitespace).first ?? "") ?? 0
    }
    return 0
}

/// The application code whose frame the tests look for.
@inline(never)
func applicationCode(readingBinaries: Bool) -> [String] {
    StackTraceBenchmarking.captureAndResolve(limit: 32, readingBinaries: readingBinaries, timeout: .seconds(60))
}

let readingBinaries = !CommandLine.arguments.contains("--dladdr-only")
_ = statusKiB("VmHWM")
let before = (peak: statusKiB("VmHWM"), anonymous: statusKiB("RssAnon"))
let frames = applicationCode(readingBinaries: readingBinaries)
let after = (peak: statusKiB("VmHWM"), anonymous: statusKiB("RssAnon"))
print("peak-before \(before.peak)")
print("peak-after \(after.peak)")
print("anonymous-before \(before.anonymous)")
print("anonymous-after \(after.anonymous)")
print("binaries \(readingBinaries)")
for frame in frames { print("frame \(frame)") }
