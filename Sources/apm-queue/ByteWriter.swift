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

/// Buffered writing of bytes to standard output or to a new private file (mode 0600: an export
/// holds the same data as the queue).
final class ByteWriter {
    private let fd: Int32
    private let name: String
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    /// Bytes written so far.
    private(set) var count = 0

    /// Writes to standard output.
    init() {
        fd = STDOUT_FILENO
        name = "standard output"
        ownsDescriptor = false
    }

    /// Creates (or truncates) `path` with mode 0600 ("-" = standard output).
    init(path: String) throws(CommandFailure) {
        if path == "-" {
            self.fd = STDOUT_FILENO
            ownsDescriptor = false
        } else {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw CommandFailure("cannot create \(path): \(FileSystem.errorText(errno))") }
            self.fd = fd
            ownsDescriptor = true
        }
        name = path
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Appends `bytes` and a newline.
    func writeLine(_ bytes: [UInt8]) throws(CommandFailure) {
        buffer += bytes
        buffer.append(UInt8(ascii: "\n"))
        count += bytes.count + 1
        if buffer.count >= 1 << 16 { try drain() }
    }

    /// Writes out everything buffered; for a file, also syncs it to disk.
    func finish() throws(CommandFailure) {
        try drain()
        if ownsDescriptor && fsync(fd) != 0 {
            throw CommandFailure("cannot write \(name): \(FileSystem.errorText(errno))")
        }
    }

    private func drain() throws(CommandFailure) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot write \(name): \(FileSystem.errorText(errno))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
