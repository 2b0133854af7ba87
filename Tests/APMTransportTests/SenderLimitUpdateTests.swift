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

@Suite("Sender limits changed at run time", .serialized, .timeLimit(.minutes(1)))
struct SenderLimitUpdateTests {
    @Test("a smaller api_request_size splits the following requests")
    func requestSize() async throws {
        try await withServer { server in
            let source = MemoryQueue()
            source.addMetadata()
            let configuration = senderConfiguration(clientConfiguration(server))
            try await withSender(server, source, configuration: configuration) { sender, _ in
                #expect(await eventually { server.requests.contains { $0.uri == "/" } })
                try await Task.sleep(for: .milliseconds(100))
                sender.updateLimits(apiRequestSize: 3000, apiRequestTime: .seconds(30))
                var generator = SystemRandomNumberGenerator()
                for number in 1...200 {
                    let noise = (0..<40).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }.joined()
                    source.append(#"{"error":{"id":"e\#(number)","log":{"message":"\#(noise)"}}}"#, kind: "error")
                }
                #expect(await sender.flush(timeout: .seconds(15)).completed)
            }
            let requests = server.intakeRequests
            #expect(server.events.count == 200)
            #expect(requests.count > 1)
            #expect(requests.allSatisfy { $0.rawBodySize <= 3000 })
        }
    }

    @Test("a shorter api_request_time ends the idle sleep and paces the next ones")
    func requestTime() async throws {
        try await withServer { server in
            let source = MemoryQueue()
            source.addMetadata()
            // api_request_time 30 s: without the update, new events wait that long.
            try await withSender(server, source) { sender, _ in
                #expect(await eventually { server.requests.contains { $0.uri == "/" } })
                try await Task.sleep(for: .milliseconds(100))
                sender.updateLimits(apiRequestSize: 768 * 1024, apiRequestTime: .milliseconds(50))
                try await Task.sleep(for: .milliseconds(100))
                source.append(transactionLine(1))
                #expect(await eventually(timeout: .seconds(10)) { server.events.count == 1 })
            }
        }
    }
}
