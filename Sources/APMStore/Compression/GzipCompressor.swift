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

/// Compresses whole buffers into single gzip members with one zlib stream that is reset, not
/// rebuilt, between members: no per-member setup of zlib's tables and one allocation per member.
///
/// Not `Sendable`: one owner at a time (the writer thread).
package final class GzipCompressor {
    private var stream = z_stream()

    /// A compressor at zlib `level` (1 fastest … 9 smallest).
    package init(level: Int32) throws(GzipError) {
        let status = apm_czlib_deflateInit2(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else { throw .zlib(status: status) }
    }

    deinit {
        deflateEnd(&stream)
    }

    /// `input` as one complete gzip member: header, deflate data and trailer.
    package func member(of input: UnsafeRawBufferPointer) throws(GzipError) -> [UInt8] {
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
}
