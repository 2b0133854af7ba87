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

/// gzip (RFC 1952) as the queue stores blocks and the intake expects request bodies: one member
/// per block (``compress(_:level:)``, or a ``GzipCompressor`` for many), and bodies made of several
/// members one after another, which APM Server reads as one stream (``decompress(_:limit:)``).
package enum Gzip {
    /// Level of the members a commit writes (`Z_BEST_SPEED`): cheap on the writer thread.
    package static let storeLevel: Int32 = 1
    /// Level of merged blocks: merging runs on waiting data, where a smaller file matters more (libdeflate
    /// compresses at ``LibDeflate/maximumLevel``).
    package static let mergeLevel: Int32 = 9

    /// `input` as one complete gzip member.
    package static func compress(_ input: [UInt8], level: Int32 = storeLevel) throws(GzipError) -> [UInt8] {
        try GzipCompressor(level: level).member(of: input)
    }

    /// The bytes of every gzip member in `input`, concatenated (an empty input gives `[]`).
    ///
    /// - Throws: ``GzipError/damaged(offset:decoded:)`` when the data is not valid gzip (a
    ///   truncated member included), ``GzipError/tooLarge(limit:)`` beyond `limit` bytes.
    package static func decompress(_ input: [UInt8], limit: Int = 64 << 20) throws(GzipError) -> [UInt8] {
        let result = decompressPrefix(input, limit: limit)
        if let error = result.error { throw error }
        return result.bytes
    }

    /// How many times `byte` occurs in the decompressed bytes of every gzip member in `input`,
    /// counted while inflating into one small buffer (nothing is kept); nil when `input` is not
    /// valid gzip.
    package static func count(of byte: UInt8, inMembers input: [UInt8]) -> Int? {
        var total = 0
        var offset = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while offset < input.count {
            var stream = z_stream()
            var status = apm_czlib_inflateInit2(&stream, 31)
            guard status == Z_OK else { return nil }
            defer { inflateEnd(&stream) }
            let consumed = input.withUnsafeBufferPointer { source -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + offset)
                stream.avail_in = uInt(source.count - offset)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { target in
                        stream.next_out = target.baseAddress
                        stream.avail_out = uInt(target.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        for index in 0..<(target.count - Int(stream.avail_out)) where target[index] == byte { total += 1 }
                    }
                } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
                return source.count - offset - Int(stream.avail_in)
            }
            guard status == Z_STREAM_END else { return nil }
            offset += consumed
        }
        return total
    }

    /// Decompresses as much of `input` as is valid: every byte decoded before the first damage,
    /// and the error that stopped it (nil when the whole input was sound).
    package static func decompressPrefix(_ input: [UInt8], limit: Int = 64 << 20) -> (bytes: [UInt8], error: GzipError?) {
        var output: [UInt8] = []
        var offset = 0
        while offset < input.count {
            var stream = z_stream()
            var status = apm_czlib_inflateInit2(&stream, 31)
            guard status == Z_OK else { return (output, .zlib(status: status)) }
            defer { inflateEnd(&stream) }
            var chunk = [UInt8](repeating: 0, count: 32 * 1024)
            let consumed = input.withUnsafeBufferPointer { source -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + offset)
                stream.avail_in = uInt(source.count - offset)
                repeat {
                    let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                        stream.next_out = target.baseAddress
                        stream.avail_out = uInt(target.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return target.count - Int(stream.avail_out)
                    }
                    output += chunk[..<produced]
                    if output.count > limit { status = Z_MEM_ERROR }
                } while status == Z_OK && stream.avail_in > 0
                    || status == Z_OK && stream.avail_out == 0
                return source.count - offset - Int(stream.avail_in)
            }
            if output.count > limit { return (Array(output.prefix(limit)), .tooLarge(limit: limit)) }
            guard status == Z_STREAM_END else {
                return (output, .damaged(offset: offset + consumed, decoded: output.count))
            }
            offset += consumed
        }
        return (output, nil)
    }
}
