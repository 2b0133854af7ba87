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

import APMTransport
import Foundation
import APMTestSupport
import Testing

@Suite("Request building")
struct RequestBuildingTests {
    let metadata = Array(#"{"metadata":{"service":{"name":"svc"}}}"#.utf8)
    let events = (1...3).map { IntakeBatchEvent(id: Int64($0), kind: "transaction", line: Array(transactionLine($0).utf8)) }

    @Test("the body is metadata and events, one per line, newline-terminated")
    func ndjson() throws {
        let request = try IntakeRequest(metadata: metadata, events: events, compress: false)
        let expected = ([String(decoding: metadata, as: UTF8.self)] + (1...3).map { transactionLine($0) }).map { $0 + "\n" }
            .joined()
        #expect(request.body == Array(expected.utf8))
        #expect(!request.isCompressed)
        #expect(request.eventCount == 3)
        #expect(request.uncompressedSize == expected.utf8.count)
    }

    @Test("gzip bodies start with the gzip magic and decode to the same text")
    func gzip() throws {
        let plain = try IntakeRequest(metadata: metadata, events: events, compress: false)
        let packed = try IntakeRequest(metadata: metadata, events: events, compress: true)
        #expect(packed.isCompressed)
        #expect(Array(packed.body.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(try Gunzip.decompress(packed.body) == plain.body)
        #expect(packed.uncompressedSize == plain.body.count)
    }
}
