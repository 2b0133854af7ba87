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
import Runtime
#else
import Foundation
#endif

/// A stack trace taken on the application thread: return addresses only, resolved to
/// function names and source lines later, on the agent's writer thread.
///
/// A class, so that the events holding it keep a fixed layout (`Backtrace` is a resilient type)
/// and copy cheaply.
final class CapturedStackTrace: Sendable {
    /// The most frames to report.
    let limit: Int

    #if os(Linux)
    private init(limit: Int, backtrace: Backtrace) {
        self.limit = limit
        self.backtrace = backtrace
    }
    #else
    private init(limit: Int, symbols: [String]) {
        self.limit = limit
        self.symbols = symbols
    }
    #endif
    #if os(Linux)
    /// The raw backtrace (addresses and image map).
    let backtrace: Backtrace
    #else
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
        guard
            let backtrace = try? Backtrace.capture(
                algorithm: .fast, limit: maxFrames + skipping + 1, offset: skipping + 1, top: 0, images: ImageMapCache.images)
        else { return nil }
        return CapturedStackTrace(limit: maxFrames, backtrace: backtrace)
        #else
        let symbols = Thread.callStackSymbols.dropFirst(skipping + 1).prefix(maxFrames)
        return CapturedStackTrace(limit: maxFrames, symbols: Array(symbols))
        #endif
    }
}

#if os(Linux)
/// The process's image map, captured once: capturing it per backtrace would read
/// `/proc/self/maps` on the application thread.
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
