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

#if os(Linux)
import APMTestSupport
import Foundation
import Testing

/// The first symbolicated stack trace of a process (`apm-stack-fixture`), in bounded memory: the
/// child reports its peak resident set (VmHWM) just before and just after resolving it.
@Suite("Stack traces in bounded memory", .serialized, .timeLimit(.minutes(3)), .childProcesses)
struct StackTraceMemoryTests {
    /// What the fixture printed.
    struct Report {
        var peakBeforeKiB = 0
        var peakAfterKiB = 0
        var anonymousBeforeKiB = 0
        var anonymousAfterKiB = 0
        var readBinaries = false
        /// `function|filename|line|module|library`, split.
        var frames: [[String]] = []

        init(_ child: FinishedChild) {
            for line in child.outputLines {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                switch parts[0] {
                case "peak-before": peakBeforeKiB = Int(parts[1]) ?? 0
                case "peak-after": peakAfterKiB = Int(parts[1]) ?? 0
                case "anonymous-before": anonymousBeforeKiB = Int(parts[1]) ?? 0
                case "anonymous-after": anonymousAfterKiB = Int(parts[1]) ?? 0
                case "binaries": readBinaries = parts[1] == "true"
                case "frame": frames.append(parts[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init))
                default: continue
                }
            }
        }

        /// The fixture's own `applicationCode(readingBinaries:)` frame.
        var applicationFrame: [String]? {
            frames.first { $0.count == 5 && $0[0].contains("applicationCode") }
        }
    }

    private func runFixture(_ executable: String, _ arguments: [String] = []) async throws -> Report {
        let child = try await runToCompletion(executable, arguments, timeLimit: .seconds(120))
        #expect(child.exitCode == 0, "\(child.errorText)")
        return Report(child)
    }

    @Test("the first symbolicated trace grows peak RSS by at most 10 MiB and keeps function, file and line")
    func firstTraceBoundedMemory() async throws {
        let fixture = try TestBinaries.path(of: "apm-stack-fixture")
        let report = try await runFixture(fixture)
        try #require(report.peakBeforeKiB > 0 && report.anonymousBeforeKiB > 0, "no VmHWM or RssAnon in /proc/self/status")
        // The binaries are read with pread, never mapped: their symbol tables and DWARF stay in the
        // page cache, so the peak counts only the indexes, the frame cache and the resolver thread
        // (libdw's mapped tables and unit bookkeeping grew it by 56 MiB in the release benchmark).
        let anonymousGrowthKiB = report.anonymousAfterKiB - report.anonymousBeforeKiB
        #expect(anonymousGrowthKiB <= 10 * 1024, "anonymous memory grew by \(anonymousGrowthKiB) KiB")
        let peakGrowthKiB = report.peakAfterKiB - report.peakBeforeKiB
        #expect(peakGrowthKiB <= 10 * 1024, "peak RSS grew by \(peakGrowthKiB) KiB")
        #expect(report.readBinaries)
        let frame = try #require(report.applicationFrame, "frames: \(report.frames)")
        #expect(frame[1] == "main.swift")
        #expect(Int(frame[2]) != nil)
        #expect(frame[3] == "apm-stack-fixture")
        #expect(frame[4] == "false")
        #expect(report.frames.allSatisfy { !$0[0].isEmpty })
    }

    @Test("with dladdr alone, frames have no lines, and the application's are named or given by address and build id")
    func dladdrOnly() async throws {
        let report = try await runFixture(try TestBinaries.path(of: "apm-stack-fixture"), ["--dladdr-only"])
        #expect(!report.readBinaries)
        try #require(!report.frames.isEmpty)
        #expect(report.frames.allSatisfy { $0[2].isEmpty })
        let own = report.frames.filter { $0[1] == "apm-stack-fixture" }
        #expect(!own.isEmpty, "frames: \(report.frames)")
        #expect(own.allSatisfy { !$0[0].isEmpty })
        for frame in own where frame[0].contains("+0x") {
            #expect(frame[0].hasPrefix("apm-stack-fixture+0x"), "\(frame)")
            #expect(frame[3].count >= 16 && frame[3].allSatisfy(\.isHexDigit), "\(frame)")
        }
    }

    @Test("a stripped binary sends function names where its tables have them, else address and build id")
    func strippedBinary() async throws {
        guard let strip = ["/usr/bin/strip", "/bin/strip"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            print("skipping: no strip(1) on this machine")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-stripped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stripped = directory.appending(path: "apm-stack-fixture").path
        let stripping = try await runToCompletion(
            strip, ["--strip-all", "-o", stripped, try TestBinaries.path(of: "apm-stack-fixture")])
        try #require(stripping.exitCode == 0, "\(stripping.errorText)")

        let report = try await runFixture(stripped)
        let own = report.frames.filter { $0[1] == "apm-stack-fixture" }
        #expect(!own.isEmpty, "frames: \(report.frames)")
        for frame in own {
            #expect(!frame[0].isEmpty)
            #expect(frame[2].isEmpty, "a stripped binary has no line program: \(frame)")
            if frame[0].hasPrefix("apm-stack-fixture+0x") {
                #expect(frame[3].count >= 16 && frame[3].allSatisfy(\.isHexDigit), "\(frame)")
            }
        }
    }
}
#endif
