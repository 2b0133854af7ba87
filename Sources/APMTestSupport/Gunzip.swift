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

/// Inflates gzip data, as APM Server does with a `Content-Encoding: gzip` body.
package enum Gunzip {
    /// zlib refused the data.
    package struct Failure: Error {
        /// The zlib status code (`Z_DATA_ERROR`, `Z_BUF_ERROR`, …).
        package var status: Int32
    }

    /// The inflated bytes of the gzip stream `input`: one or more concatenated members, read as
    /// one stream as APM Server reads them.
    ///
    /// - Throws: ``Failure`` when `input` is not complete gzip members.
    package static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        var status = apm_czlib_inflateInit2(&stream, 31)
        guard status == Z_OK else { throw Failure(status: status) }
        defer { inflateEnd(&stream) }
        var input = input
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { throw Failure(status: status) }
                output += chunk[..<produced]
                if status == Z_STREAM_END, stream.avail_in > 0 {
                    // Another member follows.
                    status = inflateReset(&stream)
                    guard status == Z_OK else { throw Failure(status: status) }
                } else if status == Z_OK, stream.avail_in == 0, produced < chunk.count {
                    throw Failure(status: Z_BUF_ERROR)
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
