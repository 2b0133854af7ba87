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

/// Writes one gzip member (RFC 1952) from pieces appended one after another: lines go straight
/// into zlib without first being joined into one buffer.
///
/// Not `Sendable`: one owner at a time. Call ``finish()`` once; the writer cannot be reused.
package final class GzipWriter {
    private var stream = z_stream()
    private var output: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    private var status: Int32
    private var finished = false

    /// Raw (uncompressed) bytes appended so far.
    package private(set) var rawCount = 0

    /// Starts a member at zlib `level` (1 fastest … 9 smallest).
    package init(level: Int32) throws(GzipError) {
        status = apm_czlib_deflateInit2(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else { throw .zlib(status: status) }
    }

    deinit {
        deflateEnd(&stream)
    }

    /// Compresses `bytes` into the member.
    package func append(_ bytes: some Collection<UInt8>) throws(GzipError) {
        rawCount += bytes.count
        let done = bytes.withContiguousStorageIfAvailable { buffer in
            deflate(buffer, flush: Z_NO_FLUSH)
        }
        if let done { return try check(done) }
        try check(Array(bytes).withUnsafeBufferPointer { deflate($0, flush: Z_NO_FLUSH) })
    }

    /// Compresses one byte (a line's newline).
    package func append(byte: UInt8) throws(GzipError) {
        rawCount += 1
        try check(withUnsafePointer(to: byte) { deflate(UnsafeBufferPointer(start: $0, count: 1), flush: Z_NO_FLUSH) })
    }

    /// Ends the member and returns it: header, deflate data and trailer.
    package func finish() throws(GzipError) -> [UInt8] {
        precondition(!finished, "GzipWriter.finish() called twice")
        finished = true
        try check(deflate(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH))
        guard status == Z_STREAM_END else { throw .zlib(status: status) }
        return output
    }

    private func check(_ result: Int32) throws(GzipError) {
        status = result
        guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else { throw .zlib(status: result) }
    }

    private func deflate(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) -> Int32 {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        var result: Int32 = Z_OK
        repeat {
            let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                result = CZlib.deflate(&stream, flush)
                return target.count - Int(stream.avail_out)
            }
            output += chunk[..<produced]
            if result != Z_OK && result != Z_BUF_ERROR { break }
        } while stream.avail_out == 0 || stream.avail_in > 0 || (flush == Z_FINISH && result != Z_STREAM_END)
        stream.next_in = nil
        return result
    }
}
