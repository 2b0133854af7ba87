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
import APMTestSupport
import APMTransport
import Foundation
import Testing

@Suite("Requests built from stored blocks", .serialized, .timeLimit(.minutes(1)))
struct BlockSendingTests {
    @Test("a request body is the metadata member followed by the blocks' stored bytes, copied as stored")
    func bodyIsStoredBytes() async throws {
        try await withServer { server in
            let source = MemoryQueue()
            source.addMetadata()
            let first = (1...30).map { transactionLine($0) }
            let second = (31...40).map { #"{"span":{"id":"s\#($0)"}}"# }
            source.appendBlock(first)
            source.appendBlock(second, kind: "span")
            let stored = source.snapshot.map(\.body)
            try await withSender(server, source) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
            }
            let requests = server.intakeRequests
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(request.header("Content-Encoding") == "gzip")
            #expect(request.events == first + second)
            let member = try IntakeRequest.metadataMember(
                Array(#"{"metadata":{"service":{"name":"svc","agent":{"name":"swift","version":"0.1.0"}}}}"#.utf8))
            #expect(request.rawBodySize == member.count + stored.map(\.count).reduce(0, +))
            #expect(source.counter(SenderCounters.bytesSuccess) == Int64(request.rawBodySize))
        }
    }

    @Test("400 in a block of many lines: only the rejected lines are dead-lettered, the rest count as sent")
    func rejectionInsideBlocks() async throws {
        try await withServer { server in
            try await server.setMode(.reject { $0.contains("BAD") })
            let source = MemoryQueue()
            source.addMetadata()
            var lines: [String] = []
            for block in 0..<3 {
                let chunk = (1...10).map { index -> String in
                    let number = block * 10 + index
                    return number == 14 || number == 27 ? #"{"transaction":{"id":"BAD\#(number)"}}"# : transactionLine(number)
                }
                source.appendBlock(chunk)
                lines += chunk
            }
            try await withSender(server, source) { sender, logs in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                #expect(logs.count(containing: "rejected 2 of 30 events") == 1)
            }
            #expect(source.deadLetters.map(\.line) == [lines[13], lines[26]])
            #expect(source.deadLetters.map(\.blockID) == [2, 3])
            #expect(source.deadLetters.allSatisfy { $0.status == 400 && $0.reason == "invalid event: bad field" })
            #expect(server.events == lines.filter { !$0.contains("BAD") })
            #expect(source.counter(SenderCounters.sent) == 28)
            #expect(source.counter(SenderCounters.deadLettered) == 2)
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("503 with accepted ending inside a block: whole blocks are acknowledged, the block loses its indexed lines")
    func partialInsideBlock() async throws {
        try await withServer { server in
            try await server.setMode(.script { index in index == 0 ? .partial(15) : .ok })
            let source = MemoryQueue()
            source.addMetadata()
            let lines = (1...30).map { transactionLine($0) }
            source.appendBlock(Array(lines[0..<10]))
            source.appendBlock(Array(lines[10..<20]))
            source.appendBlock(Array(lines[20..<30]))
            try await withSender(server, source) { sender, _ in
                // The first request may go out before the flush is taken, so only completion is certain.
                let result = await sender.flush(timeout: .seconds(10))
                #expect(result.completed && result.remaining == 0)
            }
            // Every event exactly once: the 15 indexed by the failed request are not sent again.
            #expect(server.events == lines)
            #expect(source.calls.contains("dropLeadingLines"))
            #expect(source.counter(SenderCounters.sent) == 30)
            #expect(source.counter(SenderCounters.retried) == 15)
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("during an outage the sender merges waiting blocks; they arrive once the server is back")
    func mergesDuringOutage() async throws {
        try await withServer { server in
            try await server.setMode(.down)
            let source = MemoryQueue()
            source.addMetadata()
            let lines = (1...200).map { transactionLine($0) }
            for line in lines {
                source.append(line)
            }
            try await withSender(server, source) { sender, logs in
                #expect(await eventually { logs.count(containing: "APM Server unreachable") == 1 })
                #expect(await eventually { source.snapshot.count == 1 })
                #expect(source.lines == lines)
                try await server.setMode(.ok)
                #expect(await sender.flush(timeout: .seconds(30)).completed)
            }
            #expect(server.events == lines)
            #expect(server.intakeRequests.filter { $0.status == 202 }.count == 1)
        }
    }

    @Test("after answers that time out, requests get smaller, and grow back once accepted")
    func shrinksAfterTimeouts() async throws {
        try await withServer { server in
            try await server.setMode(.script { index in index < 2 ? .slow(milliseconds: 4000) : .ok })
            let source = filledSource(80)
            source.mergeCap = 1
            let configuration = senderConfiguration(clientConfiguration(server, timeout: .milliseconds(300)), maxEvents: 40)
            try await withSender(server, source, configuration: configuration) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(20)).completed)
            }
            // The two requests that timed out (40, then 20 events) were never answered; the next
            // holds 10, and each accepted one doubles the size again.
            let sizes = server.intakeRequests.filter { !$0.recorded.isEmpty }.map(\.events.count)
            #expect(sizes == [10, 20, 40, 10], "request sizes \(sizes)")
            #expect(server.events == (1...80).map { transactionLine($0) })
        }
    }

    @Test("blocks larger than api_request_size are split in the queue before they are sent")
    func splitsOversizedBlock() async throws {
        try await withServer { server in
            let source = MemoryQueue()
            source.addMetadata()
            var generator = SeededGenerator(seed: 5)
            let lines = (1...16).map { noisyLine($0, bytes: 400, &generator) }
            source.appendBlock(lines)
            let configuration = senderConfiguration(clientConfiguration(server), apiRequestSize: 1500)
            try await withSender(server, source, configuration: configuration) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
            }
            #expect(server.events == lines)
            #expect(server.intakeRequests.count > 1)
            #expect(server.intakeRequests.allSatisfy { $0.rawBodySize <= 1500 || $0.events.count == 1 })
            #expect(source.calls.contains("split"))
        }
    }
}
