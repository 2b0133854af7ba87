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
import CZlib

/// Compresses whole buffers into single gzip members, with libdeflate when the system has it (``LibDeflate``),
/// else with one zlib stream that is reset, not rebuilt, between members. Either way one compressor serves many
/// members and each member is one call and one allocation.
///
/// Not `Sendable`: one owner at a time (the writer thread).
package final class GzipCompressor {
    /// Which library compresses.
    package enum Library: Sendable {
        /// libdeflate when it can be loaded, else zlib.
        case preferred
        /// zlib, always.
        case zlib
    }

    private enum Engine {
        case libdeflate(LibDeflate, OpaquePointer)
        case zlib
    }

    private var engine: Engine
    private var stream = z_stream()

    /// A compressor at `level` on zlib's scale (1 fastest … 9 smallest; libdeflate compresses at most at
    /// ``LibDeflate/maximumLevel``, smaller than zlib's 9).
    package init(level: Int32, library: Library = .preferred) throws(GzipError) {
        if library == .preferred, let libdeflate = LibDeflate.shared, let compressor = libdeflate.makeCompressor(level: level) {
            engine = .libdeflate(libdeflate, compressor)
            return
        }
        engine = .zlib
        let status = apm_czlib_deflateInit2(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else { throw .zlib(status: status) }
    }

    deinit {
        switch engine {
        case .libdeflate(let libdeflate, let compressor): libdeflate.release(compressor)
        case .zlib: deflateEnd(&stream)
        }
    }

    /// Whether libdeflate compresses (tests and benchmarks report it).
    package var usesLibDeflate: Bool {
        if case .libdeflate = engine { return true }
        return false
    }

    /// `input` as one complete gzip member: header, deflate data and trailer.
    package func member(of input: UnsafeRawBufferPointer) throws(GzipError) -> [UInt8] {
        if case .libdeflate(let libdeflate, let compressor) = engine {
            guard let member = libdeflate.member(of: input, with: compressor) else { throw .libdeflate }
            return member
        }
        var status = deflateReset(&stream)
        guard status == Z_OK else { throw .zlib(status: status) }
        // deflateBound covers the zlib wrapper; a gzip header without name or comment adds 12 more.
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 18
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(buffer.count)
            status = deflate(&stream, Z_FINISH)
            initialized = buffer.count - Int(stream.avail_out)
        }
        stream.next_in = nil
        stream.next_out = nil
        guard status == Z_STREAM_END else { throw .zlib(status: status) }
        return output
    }

    /// `input` as one complete gzip member.
    package func member(of input: [UInt8]) throws(GzipError) -> [UInt8] {
        let result = input.withUnsafeBytes { bytes in Result { () throws(GzipError) in try member(of: bytes) } }
        return try result.get()
    }
}
