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

/// One finished intake request body: the run's metadata line and stored blocks of its events,
/// as concatenated gzip members (APM Server reads them as one gzip stream).
///
/// The blocks' bytes are copied as they were stored: nothing is decoded or compressed again.
package struct IntakeRequest: Sendable {
    /// The bytes to send (`Content-Encoding: gzip`).
    package var body: [UInt8]
    /// The size of the ND-JSON text the body inflates to.
    package var uncompressedSize: Int
    /// The number of event lines in the body, the metadata line not counted.
    package var eventCount: Int

    /// Builds the body `metadataMember` followed by every block's stored members.
    ///
    /// - Parameters:
    ///   - metadataMember: The run's metadata line and its newline as one gzip member (see
    ///     ``metadataMember(_:)``).
    ///   - metadataSize: The size of the metadata line with its newline.
    ///   - blocks: The blocks of events, in order.
    package init(metadataMember: [UInt8], metadataSize: Int, blocks: some Collection<StoredBlock>) {
        var body: [UInt8] = []
        body.reserveCapacity(blocks.reduce(metadataMember.count) { $0 + $1.body.count })
        body += metadataMember
        var events = 0
        var raw = metadataSize
        for block in blocks {
            body += block.body
            events += block.events
            raw += block.rawSize
        }
        self.body = body
        self.uncompressedSize = raw
        self.eventCount = events
    }

    /// The gzip member of `metadata` followed by a newline, the start of every request body.
    ///
    /// - Throws: ``IntakeClientError/compressionFailed(_:)`` when zlib fails.
    package static func metadataMember(_ metadata: [UInt8]) throws(IntakeClientError) -> [UInt8] {
        do {
            return try Gzip.compress(metadata + [UInt8(ascii: "\n")])
        } catch {
            throw .compressionFailed(error)
        }
    }
}
