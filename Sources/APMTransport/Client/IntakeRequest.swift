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

/// One finished intake request body: the metadata line and event lines as ND-JSON,
/// gzip-compressed unless the server is on the loopback host.
package struct IntakeRequest: Sendable {
    /// The bytes to send, compressed when ``isCompressed`` is set.
    package var body: [UInt8]
    /// Whether ``body`` is gzip data (`Content-Encoding: gzip`).
    package var isCompressed: Bool
    /// The size of the ND-JSON text before compression.
    package var uncompressedSize: Int
    /// The number of event lines in the body, the metadata line not counted.
    package var eventCount: Int

    /// Builds the body `metadata\nline1\nline2\n…` and compresses it when asked to.
    ///
    /// - Throws: ``IntakeClientError/compressionFailed(_:)`` when zlib fails.
    package init(
        metadata: [UInt8],
        events: some Collection<IntakeBatchEvent>,
        compress: Bool
    ) throws(IntakeClientError) {
        let text = Self.ndjson(metadata: metadata, lines: events.lazy.map(\.line))
        uncompressedSize = text.count
        eventCount = events.count
        isCompressed = compress
        if compress {
            do {
                body = try Gzip.compress(text)
            } catch {
                throw .compressionFailed(error)
            }
        } else {
            body = text
        }
    }

    /// The ND-JSON text: every line followed by `\n`, metadata first.
    package static func ndjson(metadata: [UInt8], lines: some Collection<[UInt8]>) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(lines.reduce(metadata.count + 1) { $0 + $1.count + 1 })
        text += metadata
        text.append(UInt8(ascii: "\n"))
        for line in lines {
            text += line
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }
}
