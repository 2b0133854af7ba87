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

import APMStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes every line the agent stores to a file as well (metadata first): a debugging aid that
/// shows exactly what the sender will send. Used only from the writer thread.
final class NDJSONTap {
    private let descriptor: Int32

    /// Opens (truncating) `path` and writes the metadata line.
    init(path: String, metadataLine: [UInt8]) throws(QueueWriteFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .other("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        writeLine(metadataLine)
    }

    deinit { close(descriptor) }

    /// Appends the lines of a committed batch.
    func write(_ batch: EventBatch) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(batch.rawSize)
        batch.forEachLine { _, _, _, line in
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
        }
        writeAll(buffer)
    }

    private func writeLine(_ line: [UInt8]) {
        writeAll(line + [UInt8(ascii: "\n")])
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
