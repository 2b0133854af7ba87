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

import APMRuntime

/// Entry points for the benchmark suite (`Benchmarks/`) and the stack-trace test fixture, not for
/// applications: stack traces captured and resolved as the agent does, outside any event.
@_spi(Benchmarking)
public enum StackTraceBenchmarking {
    /// Captures the caller's stack (at most `limit` frames) and resolves it through the process's
    /// resolver (or, with `readingBinaries: false`, a resolver of its own that symbolicates with
    /// `dladdr` alone), waiting up to `timeout` for the symbolication; one line per frame:
    /// `function|filename|line|module|library`.
    @inline(never)
    public static func captureAndResolve(limit: Int, readingBinaries: Bool = true, timeout: Duration) -> [String] {
        guard let trace = CapturedStackTrace.capture(skipping: 0, limit: limit) else { return [] }
        #if os(Linux)
        let resolver = readingBinaries ? StackTraceResolver.shared : StackTraceResolver(readsBinaries: false)
        #else
        let resolver = StackTraceResolver.shared
        #endif
        resolver.waitUntilWarm(timeout: timeout)
        _ = resolver.resolve(trace)
        resolver.waitUntilIdle(timeout: timeout)
        return resolver.resolve(trace).map { frame in
            [
                frame.function ?? "", frame.filename, frame.lineno.map(String.init) ?? "", frame.module ?? "",
                String(frame.libraryFrame),
            ].joined(separator: "|")
        }
    }

    /// Resolves one captured trace `iterations` times once its frames are cached (the writer
    /// thread's cost for code met before); returns the frames per trace and the total time.
    public static func warmResolution(iterations: Int) -> (frames: Int, nanos: UInt64) {
        guard let trace = CapturedStackTrace.capture(skipping: 0, limit: 50) else { return (0, 0) }
        let resolver = StackTraceResolver.shared
        resolver.waitUntilWarm(timeout: .seconds(120))
        _ = resolver.resolve(trace)
        resolver.waitUntilIdle(timeout: .seconds(120))
        let clock = SystemClock()
        var frames = 0
        let start = clock.monotonicNanos
        for _ in 0..<iterations { frames = resolver.resolve(trace).count }
        return (frames, clock.monotonicNanos - start)
    }

    /// Symbolicates the addresses of one captured trace `iterations` times without the frame cache,
    /// after a first pass has loaded their binaries' tables (the resolver thread's cost for code
    /// not met before); returns the addresses per pass and the total time.
    public static func uncachedSymbolication(iterations: Int) -> (addresses: Int, nanos: UInt64) {
        #if os(Linux)
        guard let trace = CapturedStackTrace.capture(skipping: 0, limit: 50) else { return (0, 0) }
        let addresses = StackTraceResolver.addresses(of: trace)
        let symbolizer = Symbolizer()
        for address in addresses { _ = symbolizer.frame(at: address) }
        let clock = SystemClock()
        let start = clock.monotonicNanos
        for _ in 0..<iterations {
            for address in addresses { _ = symbolizer.frame(at: address) }
        }
        return (addresses.count, clock.monotonicNanos - start)
        #else
        return (0, 0)
        #endif
    }
}
