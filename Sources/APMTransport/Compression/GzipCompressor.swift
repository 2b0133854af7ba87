import CZlib

/// Compresses request bodies into the gzip format with zlib at its fastest level.
///
/// The agent spec asks for compression that favours speed, so the stream is written with
/// `deflateInit2(level: 1, windowBits: 31)`; window bits above 15 select the gzip wrapper.
package enum GzipCompressor {
    /// The zlib compression level used for request bodies (`Z_BEST_SPEED`).
    package static let level: Int32 = 1

    /// Returns `input` as one complete gzip member.
    ///
    /// - Throws: ``GzipError`` when zlib reports a failure.
    package static func compress(_ input: [UInt8]) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        let initStatus = apm_czlib_deflateInit2(
            &stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY
        )
        guard initStatus == Z_OK else {
            throw GzipError(status: initStatus)
        }
        defer { deflateEnd(&stream) }

        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw GzipError(status: status)
        }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
