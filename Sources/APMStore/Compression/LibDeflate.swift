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

/// libdeflate (`libdeflate.so.0`, Debian's `libdeflate0`), loaded at run time when the system has it: it
/// compresses whole buffers into gzip members, which is how the queue stores blocks, at about twice the speed of
/// zlib at level 1 and several times its speed at the levels merges use, and smaller. Without it, ``GzipCompressor``
/// uses zlib. Only the runtime library is needed (no headers at build time); its ABI has been stable since 1.0.
struct LibDeflate: @unchecked Sendable {
    private typealias Allocate = @convention(c) (Int32) -> OpaquePointer?
    private typealias Compress = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int) -> Int
    private typealias Bound = @convention(c) (OpaquePointer?, Int) -> Int
    private typealias Free = @convention(c) (OpaquePointer?) -> Void

    private let allocateCompressor: Allocate
    private let gzipCompress: Compress
    private let gzipCompressBound: Bound
    private let freeCompressor: Free

    /// The library, or `nil` when it cannot be loaded (then zlib compresses).
    static let shared: LibDeflate? = LibDeflate()

    /// The highest level used: on ndjson events, libdeflate's 6 is smaller than zlib's 9 and several times faster;
    /// its levels above 6 cost much more time for little.
    static let maximumLevel: Int32 = 6

    private init?() {
        #if os(Linux)
        guard let handle = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL),
            let allocate = dlsym(handle, "libdeflate_alloc_compressor"),
            let compress = dlsym(handle, "libdeflate_gzip_compress"),
            let bound = dlsym(handle, "libdeflate_gzip_compress_bound"),
            let free = dlsym(handle, "libdeflate_free_compressor")
        else { return nil }
        allocateCompressor = unsafeBitCast(allocate, to: Allocate.self)
        gzipCompress = unsafeBitCast(compress, to: Compress.self)
        gzipCompressBound = unsafeBitCast(bound, to: Bound.self)
        freeCompressor = unsafeBitCast(free, to: Free.self)
        #else
        return nil
        #endif
    }

    /// A compressor at `level` on zlib's scale (1 fastest … 9 smallest; above ``maximumLevel`` compresses at it),
    /// `nil` when out of memory.
    func makeCompressor(level: Int32) -> OpaquePointer? {
        allocateCompressor(min(max(level, 1), Self.maximumLevel))
    }

    func release(_ compressor: OpaquePointer) {
        freeCompressor(compressor)
    }

    /// `input` as one gzip member, or `nil` if it does not fit in the bound (which libdeflate guarantees it does).
    func member(of input: UnsafeRawBufferPointer, with compressor: OpaquePointer) -> [UInt8]? {
        let bound = gzipCompressBound(compressor, input.count)
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            initialized = gzipCompress(compressor, input.baseAddress, input.count, buffer.baseAddress, buffer.count)
        }
        return output.isEmpty ? nil : output
    }
}
