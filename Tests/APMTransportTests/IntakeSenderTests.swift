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

@Suite("Sender against the loopback server", .serialized, .timeLimit(.minutes(1)))
struct IntakeSenderTests {
    @Test("delivers every queued event once, from its own thread, and flush reports completion")
    func deliversEverything() async throws {
        try await withServer { server in
            let source = filledSource(500)
            let configuration = senderConfiguration(clientConfiguration(server), maxEvents: 100)
            try await withSender(server, source, configuration: configuration) { sender, _ in
                let result = await sender.flush(timeout: .seconds(20))
                #expect(result.completed && result.remaining == 0)
            }
            #expect(server.events == (1...500).map { transactionLine($0) })
            #expect(server.requests.first?.uri == "/")
            #expect(server.intakeRequests.count == 5)
            #expect(source.snapshot.isEmpty)
            // Every queue call came from one thread, the sender's own, never from the caller's.
            #expect(source.callThreads.count == 1)
            #expect(!source.callThreads.contains(MemoryQueue.currentThreadID()))
            #expect(source.counter(SenderCounters.sent) == 500)
            #expect(source.counter(SenderCounters.requestsSuccess) == 5)
            #expect(source.counter(SenderCounters.bytesSuccess) == Int64(server.intakeRequests.map(\.rawBodySize).reduce(0, +)))
            #expect(source.counter(SenderCounters.requestsFailure) == 0)
        }
    }

    @Test("outage: 2 000 events wait while the server is down and all arrive once it is back")
    func outage() async throws {
        try await withServer { server in
            try await server.setMode(.down)
            let source = filledSource(2000)
            try await withSender(server, source) { sender, logs in
                #expect(await eventually { logs.count(containing: "APM Server unreachable") == 1 })
                // The sender keeps retrying while the server is down.
                #expect(await eventually { logs.count(containing: "APM Server attempt") >= 3 })
                #expect(server.events.isEmpty)
                #expect(source.lines.count == 2000)
                async let flushed = sender.flush(timeout: .seconds(30))
                try await Task.sleep(for: .milliseconds(100))
                try await server.setMode(.ok)
                let result = await flushed
                #expect(result == FlushResult(sent: 2000, remaining: 0, completed: true))
                #expect(logs.count(containing: "APM Server unreachable") == 1)
                #expect(logs.count(containing: "APM Server reachable again after") == 1)
            }
            #expect(occurrences(server.events) == occurrences((1...2000).map { transactionLine($0) }))
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("flush during an outage returns at its timeout with the remaining count")
    func flushDuringOutage() async throws {
        try await withServer { server in
            try await server.setMode(.down)
            let source = filledSource(100)
            try await withSender(server, source) { sender, logs in
                #expect(await eventually { logs.count(containing: "unreachable") == 1 })
                let started = ContinuousClock.now
                let result = await sender.flush(timeout: .milliseconds(300))
                #expect(result == FlushResult(sent: 0, remaining: 100, completed: false))
                let blocking = await onThread { sender.flushBlocking(timeout: .milliseconds(300)) }
                #expect(blocking == FlushResult(sent: 0, remaining: 100, completed: false))
                #expect(started.duration(to: .now) < .seconds(5))
            }
            #expect(source.lines.count == 100)
        }
    }

    @Test("flapping: 30 % of answers fail; every event arrives, duplicates only where the server recorded a failed answer")
    func flapping() async throws {
        try await withServer { server in
            try await server.setMode(
                .script { index in
                    var generator = SeededGenerator(seed: 2024 &+ UInt64(index) &* 7919)
                    switch Double.random(in: 0..<1, using: &generator) {
                    case ..<0.1: return .unavailable
                    case ..<0.2: return .partial(Int.random(in: 1...30, using: &generator))
                    case ..<0.3: return .recordThenFail
                    default: return .ok
                    }
                })
            let source = filledSource(1000)
            // Blocks merged during backoffs stay small, so requests stay many.
            source.mergeCap = 20
            let configuration = senderConfiguration(clientConfiguration(server), maxEvents: 40)
            try await withSender(server, source, configuration: configuration) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(30)).completed)
            }
            let expected = (1...1000).map { transactionLine($0) }
            let received = occurrences(server.events)
            let lost = occurrences(server.eventsRecordedInLostAnswers)
            #expect(Set(received.keys) == Set(expected))
            for line in expected {
                #expect(received[line, default: 0] == 1 + lost[line, default: 0])
            }
            #expect(server.events.count - expected.count == server.eventsRecordedInLostAnswers.count)
            #expect(!lost.isEmpty)
            #expect(server.intakeRequests.contains { $0.status == 503 && !$0.recorded.isEmpty && !$0.answerLost })
            #expect(source.counter(SenderCounters.retried) > 0)
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("400 with one bad line: that line is dead-lettered with the server's message, the rest arrive once")
    func rejection() async throws {
        try await withServer { server in
            try await server.setMode(.reject { $0.contains("BAD") })
            let source = MemoryQueue()
            source.addMetadata()
            var lines: [String] = []
            for number in 1...20 {
                let line = number == 7 ? #"{"transaction":{"id":"BAD","duration":"oops"}}"# : transactionLine(number)
                source.append(line)
                lines.append(line)
            }
            try await withSender(server, source) { sender, logs in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                #expect(logs.count(containing: "rejected 1 of 20 events") == 1)
            }
            #expect(source.deadLetters == [.init(blockID: 7, status: 400, reason: "invalid event: bad field", line: lines[6])])
            #expect(server.events == lines.filter { !$0.contains("BAD") })
            #expect(source.counter(SenderCounters.deadLettered) == 1)
            #expect(source.counter(SenderCounters.sent) == 19)
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("413: requests and blocks are split until they pass; a single event still too large is dead-lettered")
    func tooLarge() async throws {
        try await withServer { server in
            try await server.setMode(.tooLarge(maxBytes: 5000))
            let source = MemoryQueue()
            source.addMetadata()
            var generator = SeededGenerator(seed: 7)
            var expected: [String] = []
            var number = 0
            // Blocks of 8 lines of hex noise (about 5 KiB compressed each), and one
            // block of a single line far over the limit.
            for block in 1...8 {
                let lines = (1...8).map { _ in
                    number += 1
                    return noisyLine(number, bytes: 1200, &generator)
                }
                source.appendBlock(lines)
                expected += lines
                if block == 4 {
                    source.append(noisyLine(999, bytes: 20000, &generator))
                }
            }
            try await withSender(server, source) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(15)).completed)
            }
            #expect(server.events.sorted() == expected.sorted())
            #expect(source.deadLetters.count == 1)
            #expect(source.deadLetters.first?.line.hasPrefix(#"{"transaction":{"id":"t999""#) == true)
            #expect(source.deadLetters.first?.status == 413)
            #expect(source.deadLetters.first?.reason?.contains("413") == true)
            #expect(source.calls.contains("split"))
            #expect(source.counter(SenderCounters.split413) >= 4)
            #expect(server.intakeRequests.filter { $0.status == 202 }.allSatisfy { $0.rawBodySize <= 5000 })
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("401: rows are kept, the secret never reaches the log, sending resumes once accepted")
    func unauthorized() async throws {
        try await withServer { server in
            try await server.setMode(.auth)
            let source = filledSource(50)
            let configuration = senderConfiguration(clientConfiguration(server, apiKey: "SECRET-KEY-123"))
            try await withSender(server, source, configuration: configuration) { sender, logs in
                #expect(await eventually { server.intakeRequests.filter { $0.status == 401 }.count >= 3 })
                #expect(server.events.isEmpty)
                #expect(source.acknowledged.isEmpty && source.deadLetters.isEmpty)
                #expect(source.lines.count == 50)
                #expect(await eventually { source.snapshot.allSatisfy { $0.attempts > 0 } })
                try await server.setMode(.ok)
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                #expect(logs.count(containing: "refused the agent's credentials") == 1)
                #expect(logs.count(containing: "accepted the agent's credentials again") == 1)
                #expect(logs.entries.allSatisfy { !$0.message.contains("SECRET-KEY-123") })
                #expect(logs.count(containing: "[REDACTED]") >= 1)
            }
            #expect(server.events == (1...50).map { transactionLine($0) })
            #expect(server.intakeRequests.allSatisfy { $0.header("Authorization") == "ApiKey SECRET-KEY-123" })
        }
    }

    @Test("reset: connections closed without an answer keep the rows; all arrive once")
    func reset() async throws {
        try await withServer { server in
            try await server.setMode(.reset)
            let source = filledSource(30)
            try await withSender(server, source) { sender, _ in
                #expect(await eventually { server.intakeRequests.count >= 3 })
                try await server.setMode(.ok)
                #expect(await sender.flush(timeout: .seconds(10)).completed)
            }
            #expect(server.events == (1...30).map { transactionLine($0) })
            #expect(source.counter(SenderCounters.requestsFailure) >= 3)
            #expect(source.counter(SenderCounters.retried) >= 90)
        }
    }

    @Test("slow: answers later than the timeout keep the rows; all arrive once")
    func slow() async throws {
        try await withServer { server in
            try await server.setMode(.slow(milliseconds: 800))
            let source = filledSource(30)
            let configuration = senderConfiguration(clientConfiguration(server, timeout: .milliseconds(200)))
            try await withSender(server, source, configuration: configuration) { sender, _ in
                #expect(await eventually { source.counter(SenderCounters.requestsFailure) >= 2 })
                try await server.setMode(.ok)
                #expect(await sender.flush(timeout: .seconds(10)).completed)
            }
            #expect(await eventually { server.intakeRequests.allSatisfy { $0.status != 0 || $0.recorded.isEmpty } })
            #expect(server.events == (1...30).map { transactionLine($0) })
            #expect(source.counter(SenderCounters.retried) >= 60)
        }
    }

    @Test(
        "unsampled transactions are skipped only for APM Server 8.0 and later",
        arguments: [
            (#"{"version":"8.13.0"}"#, true),
            (#"{"version":{"number":"8.0.0"}}"#, true),
            (#"{"version":"7.17.9"}"#, false),
            ("", false),
        ])
    func unsampled(serverInfo: String, skips: Bool) async throws {
        try await withServer(serverInfo: serverInfo) { server in
            let source = MemoryQueue()
            source.addMetadata()
            // The writer puts unsampled transactions in blocks of their own, flagged.
            let sampled = [1, 3].map { transactionLine($0) }
            let skipped = [2, 4, 6, 8].map { transactionLine($0, sampled: false) }
            let later = [5, 7, 9, 10].map { transactionLine($0) }
            let spans = (1...3).map { #"{"span":{"id":"s\#($0)","sampled":false}}"# }
            source.appendBlock(sampled)
            source.appendBlock(skipped, unsampled: true)
            source.appendBlock(later)
            source.appendBlock(spans, kind: "span")
            let all = sampled + skipped + later + spans
            try await withSender(server, source) { sender, _ in
                let result = await sender.flush(timeout: .seconds(10))
                #expect(result.completed && result.remaining == 0)
            }
            #expect(server.events == (skips ? all.filter { !skipped.contains($0) } : all))
            #expect(source.counter(SenderCounters.skippedUnsampled) == (skips ? 4 : 0))
            #expect(source.snapshot.isEmpty)
        }
    }

    @Test("compressed requests stay within api_request_size unless they hold a single event")
    func requestSizeCap() async throws {
        try await withServer { server in
            let source = MemoryQueue()
            source.addMetadata()
            var generator = SeededGenerator(seed: 11)
            var expected: [String] = []
            for number in 1...300 {
                let noise = (0..<40).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }.joined()
                let line = #"{"error":{"id":"e\#(number)","log":{"message":"\#(noise)"}}}"#
                source.append(line, kind: "error")
                expected.append(line)
            }
            let big =
                #"{"error":{"id":"big","log":{"message":"\#((0..<3000).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }.joined())"}}}"#
            source.append(big, kind: "error")
            expected.append(big)
            let configuration = senderConfiguration(clientConfiguration(server), apiRequestSize: 3000)
            try await withSender(server, source, configuration: configuration) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(15)).completed)
            }
            let requests = server.intakeRequests
            #expect(server.events == expected)
            #expect(requests.allSatisfy { $0.header("Content-Encoding") == "gzip" })
            #expect(requests.allSatisfy { $0.rawBodySize <= 3000 || $0.events.count == 1 })
            #expect(requests.contains { $0.rawBodySize > 3000 && $0.events == [big] })
            #expect(requests.contains { $0.events.count > 10 })
        }
    }

    @Test("each request carries the metadata of the process run that captured its events")
    func metadataPerBatch() async throws {
        try await withServer { server in
            let source = MemoryQueue()
            let first = source.addMetadata(#"{"metadata":{"service":{"name":"run-1"}}}"#)
            let second = source.addMetadata(#"{"metadata":{"service":{"name":"run-2"}}}"#)
            for number in 1...40 {
                let run = number.isMultiple(of: 3) ? second : first
                source.append(#"{"span":{"id":"\#(number)","run":\#(run)}}"#, kind: "span", metadataID: run)
            }
            try await withSender(server, source) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
            }
            #expect(server.events.count == 40)
            for request in server.intakeRequests {
                let run = request.metadata?.contains("run-1") == true ? first : second
                #expect(request.events.allSatisfy { $0.contains(#""run":\#(run)}"#) })
            }
        }
    }

    @Test("events committed below api_request_size go out together once per api_request_time, not per commit")
    func pacedRequests() async throws {
        try await withServer { server in
            let source = filledSource(5)
            let clock = ManualClock()
            let configuration = senderConfiguration(clientConfiguration(server), apiRequestTime: .seconds(10))
            try await withSender(server, source, configuration: configuration, clock: clock) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                // After the flush the sender finds the queue empty and sleeps until api_request_time.
                #expect(await clock.waitForSleeper(after: .seconds(9)))
                let before = server.intakeRequests.count
                // 60 commits of one small event each, 200 ms apart: 12 s of steady load.
                for number in 6...65 {
                    let line = transactionLine(number)
                    source.append(line)
                    sender.committed(bytes: line.utf8.count + 1, events: 1)
                    clock.advance(by: .milliseconds(200))
                }
                clock.advance(by: .seconds(10))
                #expect(await eventually { server.events.count == 65 })
                // 22 s of sender time: a request at 10 s and one at 20 s, whatever the commits did.
                #expect(server.intakeRequests.count - before <= 3)
            }
            #expect(server.events == (1...65).map { transactionLine($0) })
        }
    }

    @Test("committed events that fill api_request_size are sent at once instead of after api_request_time")
    func sizeTrigger() async throws {
        try await withServer { server in
            let source = filledSource(5)
            let clock = ManualClock()
            try await withSender(server, source, clock: clock) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                #expect(await clock.waitForSleeper(after: .seconds(29)))
                for number in 6...10 {
                    source.append(transactionLine(number))
                }
                sender.committed(bytes: 1, events: 5)
                // Below the triggers the sender keeps sleeping until api_request_time (30 s here).
                #expect(await clock.waitForSleeper(after: .seconds(29)))
                #expect(server.events.count == 5)
                sender.committed(bytes: 64 * 1024 * 1024, events: 1)
                #expect(await eventually(timeout: .seconds(10)) { server.events.count == 10 })
            }
            #expect(server.events == (1...10).map { transactionLine($0) })
        }
    }

    @Test("committed events that fill the most events a request holds are sent at once")
    func eventTrigger() async throws {
        try await withServer { server in
            let source = filledSource(5)
            let clock = ManualClock()
            let configuration = senderConfiguration(clientConfiguration(server), maxEvents: 10)
            try await withSender(server, source, configuration: configuration, clock: clock) { sender, _ in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                #expect(await clock.waitForSleeper(after: .seconds(29)))
                for number in 6...15 {
                    source.append(transactionLine(number))
                    sender.committed(bytes: 1, events: 1)
                }
                #expect(await eventually(timeout: .seconds(10)) { server.events.count == 15 })
            }
            #expect(server.events == (1...15).map { transactionLine($0) })
        }
    }

    @Test("a claim cut short by the request's limits is followed by the next at once, not after api_request_time")
    func backlogDrainsWithoutPacing() async throws {
        try await withServer { server in
            // Blocks of 4 events and at most 6 events a request: every claim takes one block and leaves the rest.
            let source = MemoryQueue()
            source.addMetadata()
            for block in 0..<10 {
                source.appendBlock((1...4).map { transactionLine(block * 4 + $0) })
            }
            let clock = ManualClock()
            let configuration = senderConfiguration(clientConfiguration(server), maxEvents: 6)
            try await withSender(server, source, configuration: configuration, clock: clock) { _, _ in
                // No flush and no clock advance: the new sender drains what it finds.
                #expect(await eventually(timeout: .seconds(10)) { server.events.count == 40 })
                #expect(server.intakeRequests.count == 10)
            }
            #expect(server.events == (1...40).map { transactionLine($0) })
        }
    }

    @Test("queue errors pause sending, are logged once, and nothing is lost")
    func queueErrors() async throws {
        try await withServer { server in
            let source = filledSource(20)
            source.failNextCalls(3)
            try await withSender(server, source) { sender, logs in
                #expect(await sender.flush(timeout: .seconds(10)).completed)
                #expect(await eventually { logs.count(containing: "APM queue readable again") == 1 })
                #expect(logs.count(containing: "APM queue error") == 1)
            }
            #expect(server.events == (1...20).map { transactionLine($0) })
        }
    }

    @Test("stop abandons a request in flight at its timeout: rows stay leased, the queue is left alone")
    func stopAbandons() async throws {
        try await withServer { server in
            try await server.setMode(.slow(milliseconds: 3000))
            let source = filledSource(20)
            let sender = try IntakeSender(
                source: source,
                configuration: senderConfiguration(clientConfiguration(server, timeout: .seconds(10))),
                logger: LogCapture().logger()
            )
            sender.start()
            #expect(await eventually { source.snapshot.allSatisfy(\.leased) })
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            let finished = await onThread { sender.stop(timeout: .milliseconds(300)) }
            #expect(!finished)
            #expect(started.duration(to: .now) < .seconds(2))
            let calls = source.callCount
            try await Task.sleep(for: .milliseconds(300))
            #expect(source.callCount == calls)
            #expect(source.snapshot.count == 20)
            #expect(source.snapshot.allSatisfy { $0.leased && $0.attempts == 0 })
            #expect(source.acknowledged.isEmpty)

            sender.committed(bytes: 64 * 1024 * 1024, events: 1)
            #expect(await sender.flush(timeout: .seconds(5)).completed == false)
            #expect(await onThread { sender.stop(timeout: .seconds(5)) })
        }
    }

    @Test("stop finishes cleanly; every call afterwards is a no-op")
    func stopIsFinal() async throws {
        try await withServer { server in
            let source = filledSource(10)
            let sender = try IntakeSender(
                source: source,
                configuration: senderConfiguration(clientConfiguration(server)),
                logger: LogCapture().logger()
            )
            sender.start()
            #expect(await sender.flush(timeout: .seconds(10)).completed)
            #expect(await onThread { sender.stop(timeout: .seconds(5)) })
            source.append(transactionLine(11))
            sender.start()
            sender.committed(bytes: 64 * 1024 * 1024, events: 1)
            let started = ContinuousClock.now
            #expect(await sender.flush(timeout: .seconds(5)) == FlushResult(sent: 0, remaining: 0, completed: false))
            #expect(started.duration(to: .now) < .seconds(1))
            #expect(await onThread { sender.stop(timeout: .seconds(5)) })
            #expect(source.snapshot.count == 1)
            #expect(server.events.count == 10)
        }
    }

    @Test("a sender stopped before it started shuts its client down and never touches the queue")
    func stopBeforeStart() async throws {
        let source = filledSource(3)
        let sender = try IntakeSender(
            source: source,
            configuration: senderConfiguration(IntakeClientConfiguration(serviceName: "s", agentVersion: "1", environment: [:])),
            logger: LogCapture().logger()
        )
        #expect(await onThread { sender.stop(timeout: .seconds(1)) })
        sender.start()
        #expect(await sender.flush(timeout: .seconds(1)).completed == false)
        #expect(source.callCount == 0)
    }

    @Test("a sender dropped without stop shuts its client down")
    func droppedUnstarted() throws {
        let source = filledSource(1)
        for _ in 0..<3 {
            _ = try IntakeSender(
                source: source,
                configuration: senderConfiguration(
                    IntakeClientConfiguration(serviceName: "s", agentVersion: "1", environment: [:])),
                logger: LogCapture().logger()
            )
        }
        #expect(source.callCount == 0)
    }
}
