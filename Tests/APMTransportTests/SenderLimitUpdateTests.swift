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

import APMRuntime
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
            let clock = ManualClock()
            try await withSender(server, source, configuration: configuration, clock: clock) { sender, _ in
                // The sender found the queue empty and sleeps until api_request_time.
                #expect(await clock.waitForSleeper(after: .seconds(29)))
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
            // api_request_time 30 s: without the update, new events wait that long on the sender's clock.
            let clock = ManualClock()
            try await withSender(server, source, clock: clock) { sender, _ in
                #expect(await clock.waitForSleeper(after: .seconds(29)))
                sender.updateLimits(apiRequestSize: 768 * 1024, apiRequestTime: .milliseconds(50))
                // The update ends the 30 s sleep; the sender looks at the empty queue and sleeps 50 ms.
                #expect(await eventually { clock.sleepers(after: .seconds(1)) == 0 && clock.sleepers() == 1 })
                source.append(transactionLine(1))
                clock.advance(by: .milliseconds(50))
                #expect(await eventually(timeout: .seconds(10)) { server.events.count == 1 })
            }
        }
    }
}
