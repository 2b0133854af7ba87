/// A failure reported by zlib while compressing or inflating gzip data.
package struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The zlib status code (`Z_STREAM_ERROR`, `Z_MEM_ERROR`, `Z_BUF_ERROR`, …).
    package var status: Int32

    /// Creates an error for a zlib status code.
    package init(status: Int32) {
        self.status = status
    }

    /// A short text naming the zlib status.
    package var description: String {
        "gzip failed (zlib status \(status))"
    }
}
