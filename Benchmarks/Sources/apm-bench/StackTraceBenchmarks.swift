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

/// Stack-trace symbolication: the peak RSS a process's first symbolicated trace adds (measured in
/// a child process, `apm-bench --stack-trace-child`, which reports VmHWM just before and just
/// after), the writer thread's cost per frame once a trace's frames are cached, and the resolver
/// thread's cost per frame for code not met before (tables loaded, no frame cache).
enum StackTraceBenchmarks {
    /// The flag that makes apm-bench the child of the RSS measurement.
    static let childFlag = "--stack-trace-child"

    static func run() throws -> [Measurement] {
        let child = try runChild()
        let growthMiB = Double(child.afterKiB - child.beforeKiB) / 1024
        let warm = StackTraceBenchmarking.warmResolution(iterations: 20_000)
        let warmPerFrame = Double(warm.nanos) / Double(max(20_000 * warm.frames, 1))
        let uncached = StackTraceBenchmarking.uncachedSymbolication(iterations: 200)
        let uncachedPerFrame = Double(uncached.nanos) / 1000 / Double(max(200 * uncached.addresses, 1))
        return [
            Measurement(
                name: "first symbolicated trace: RSS growth", value: growthMiB, unit: "MiB", goal: "≤ 10 MiB",
                met: growthMiB <= 10, dropped: 0,
                note: "VmHWM of a child before/after, \(child.frames) frames, \(child.withLines) with lines"),
            Measurement(
                name: "symbolication per frame (warm cache)", value: warmPerFrame, unit: "ns", goal: "-", met: nil,
                dropped: 0, note: "writer thread, \(warm.frames)-frame trace already resolved"),
            Measurement(
                name: "symbolication per frame (tables loaded, no cache)", value: uncachedPerFrame, unit: "µs",
                goal: "-", met: nil, dropped: 0, note: "resolver thread, \(uncached.addresses) addresses"),
        ]
    }

    /// What the child printed: `stack-rss BEFORE_KIB AFTER_KIB FRAMES WITH_LINES`.
    struct ChildReport {
        var beforeKiB: Int
        var afterKiB: Int
        var frames: Int
        var withLines: Int
    }

    private static func runChild() throws -> ChildReport {
        let fields = try BenchChild.run([childFlag], reportPrefix: "stack-rss", count: 4)
        return ChildReport(beforeKiB: fields[0], afterKiB: fields[1], frames: fields[2], withLines: fields[3])
    }

    /// The child's body: peak RSS, the first trace resolved, peak RSS again.
    static func child() {
        _ = MemoryBenchmarks.peakResidentKiB()
        let before = MemoryBenchmarks.peakResidentKiB()
        let frames = StackTraceBenchmarking.captureAndResolve(limit: 50, timeout: .seconds(120))
        let after = MemoryBenchmarks.peakResidentKiB()
        let withLines = frames.filter { !$0.split(separator: "|", omittingEmptySubsequences: false)[2].isEmpty }.count
        print("stack-rss \(before) \(after) \(frames.count) \(withLines)")
    }
}
