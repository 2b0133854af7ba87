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
import APMTransport
import Foundation
import APMTestSupport
import Testing

@Suite("Request building")
struct RequestBuildingTests {
    let metadata = Array(#"{"metadata":{"service":{"name":"svc"}}}"#.utf8)

    func block(_ id: Int64, _ lines: [String]) -> StoredBlock {
        StoredBlock(
            id: id, kind: "transaction", events: lines.count, rawSize: lines.reduce(0) { $0 + $1.utf8.count + 1 },
            isUnsampledTransactions: false, attempts: 0, body: MemoryQueue.member(lines))
    }

    @Test("the body is the metadata member and the blocks' bytes; it inflates to metadata and events, one per line")
    func concatenatedMembers() throws {
        let blocks = [block(1, (1...3).map { transactionLine($0) }), block(2, (4...5).map { transactionLine($0) })]
        let member = try IntakeRequest.metadataMember(metadata)
        let request = IntakeRequest(metadataMember: member, metadataSize: metadata.count + 1, blocks: blocks)
        #expect(request.body == member + blocks[0].body + blocks[1].body)
        #expect(Array(request.body.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(
            try Gunzip.decompress(request.body)
                == Array(
                    ([String(decoding: metadata, as: UTF8.self)] + (1...5).map { transactionLine($0) }).map { $0 + "\n" }.joined()
                        .utf8))
        let expected = ([String(decoding: metadata, as: UTF8.self)] + (1...5).map { transactionLine($0) }).map { $0 + "\n" }
            .joined()
        #expect(try Gzip.decompress(request.body, limit: 1 << 20) == Array(expected.utf8))
        #expect(request.eventCount == 5)
        #expect(request.uncompressedSize == expected.utf8.count)
    }
}
