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
import CAPMBacktrace
import Runtime
#else
import Foundation
#endif

/// A stack trace taken on the application thread: program counters only, resolved to function
/// names and source lines later, on the agent's own threads.
///
/// On Linux the capture follows the frame-pointer chain (`apm_backtrace_capture`): it reads the
/// stack and nothing else. An async function shows as its current part, without its async callers:
/// the toolchain's `Backtrace.capture` follows those, but to tell async frames apart it looks every
/// address up in the binary's symbol table, which it loads into each capturing thread (tens of MiB
/// per thread for a large binary).
final class CapturedStackTrace: Sendable {
    /// The most frames to report.
    let limit: Int

    #if os(Linux)
    private init(limit: Int, addresses: [UInt64]) {
        self.limit = limit
        self.addresses = addresses
    }

    /// Program counters, innermost first: return addresses already moved back into their call
    /// instruction.
    let addresses: [UInt64]
    #else
    private init(limit: Int, symbols: [String]) {
        self.limit = limit
        self.symbols = symbols
    }

    /// Symbol strings from Foundation (non-Linux fallback).
    let symbols: [String]
    #endif

    /// Captures the caller's stack, skipping `skipping` frames of the agent itself, keeping at most `limit` frames.
    /// Returns `nil` when `limit` is 0 or capture fails.
    @inline(never)
    static func capture(skipping: Int, limit: Int) -> CapturedStackTrace? {
        guard limit != 0 else { return nil }
        let maxFrames = limit < 0 ? 256 : limit
        #if os(Linux)
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: maxFrames)
        defer { buffer.deallocate() }
        // One more frame skipped: this function's own.
        let count = apm_backtrace_capture(buffer, maxFrames, skipping + 1)
        guard count > 0 else { return nil }
        return CapturedStackTrace(limit: maxFrames, addresses: Array(UnsafeBufferPointer(start: buffer, count: count)))
        #else
        let symbols = Thread.callStackSymbols.dropFirst(skipping + 1).prefix(maxFrames)
        return CapturedStackTrace(limit: maxFrames, symbols: Array(symbols))
        #endif
    }
}

#if os(Linux)
/// The process's image map (binaries, load addresses, build ids), captured once, on the agent's
/// thread that first needs it: address-only frames name their binary and build id from it.
enum ImageMapCache {
    static let images: ImageMap = ImageMap.capture()
}
#endif

/// One resolved frame, in the intake `stacktrace` shape.
struct StackFrame: Sendable, Hashable {
    /// The demangled function name.
    var function: String?
    /// The source file name (or the binary's name when there is no debug info).
    var filename: String
    /// The absolute source path, when known.
    var absPath: String?
    /// The source line, when known.
    var lineno: Int?
    /// The module (binary) the frame belongs to.
    var module: String?
    /// `true` for frames outside the application's own binary (system libraries, runtime).
    var libraryFrame: Bool
}
