import CZlib

/// Inflates concatenated gzip members (RFC 1952) into the bytes they hold, as APM Server reads
/// a gzip body: the sender decodes stored blocks only to match a 400 answer's documents.
package enum GzipDecompressor {
    /// The bytes of every member of `input`, in order.
    ///
    /// - Parameter limit: The most bytes to produce; more is an error.
    /// - Throws: ``GzipError`` when `input` is not complete gzip members or inflates past `limit`.
    package static func decompress(_ input: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        var output: [UInt8] = []
        var offset = 0
        while offset < input.count {
            offset += try inflateMember(input, from: offset, into: &output, limit: limit)
        }
        return output
    }

    /// Inflates the member starting at `start`, appends its bytes and returns how many input
    /// bytes it took.
    private static func inflateMember(
        _ input: [UInt8], from start: Int, into output: inout [UInt8], limit: Int
    ) throws(GzipError) -> Int {
        var stream = z_stream()
        let initStatus = apm_czlib_inflateInit2(&stream, 31)
        guard initStatus == Z_OK else { throw GzipError(status: initStatus) }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        var consumed = 0
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + start)
            stream.avail_in = uInt(source.count - start)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { return }
                output += chunk[..<produced]
                if output.count > limit {
                    status = Z_BUF_ERROR
                    return
                }
                if status == Z_OK, stream.avail_in == 0, produced < chunk.count {
                    // The member ends before its trailer.
                    status = Z_DATA_ERROR
                    return
                }
            } while status != Z_STREAM_END
            consumed = source.count - start - Int(stream.avail_in)
        }
        guard status == Z_STREAM_END else { throw GzipError(status: status) }
        return consumed
    }
}
