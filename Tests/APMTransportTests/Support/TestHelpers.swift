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
import APMTestSupport
import APMTransport
import Foundation

/// Polls `condition` every 10 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(15), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Runs blocking work on a fresh thread so async tests do not block the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.start()
    }
}

/// A transaction line with a recognisable id.
func transactionLine(_ number: Int, sampled: Bool = true, padding: Int = 0) -> String {
    let pad = String(repeating: "x", count: padding)
    return
        #"{"transaction":{"id":"t\#(number)","trace_id":"0af7651916cd43dd8448eb211c80319c","type":"request","duration":1.5,"span_count":{"started":0},"sampled":\#(sampled),"name":"GET /\#(number)\#(pad)"}}"#
}

/// A transaction line with a recognisable id whose name is `bytes` random hex digits, which
/// gzip cannot shrink much.
func noisyLine(_ number: Int, bytes: Int, _ generator: inout SeededGenerator) -> String {
    let hex = Array("0123456789abcdef")
    let name = String((0..<bytes).map { _ in hex[Int.random(in: 0..<16, using: &generator)] })
    return #"{"transaction":{"id":"t\#(number)","name":"\#(name)"}}"#
}

/// Client settings pointing at `server`, quick to time out.
func clientConfiguration(
    _ server: LoopbackIntakeServer,
    timeout: Duration = .seconds(3),
    secretToken: String? = nil,
    apiKey: String? = nil
) -> IntakeClientConfiguration {
    IntakeClientConfiguration(
        serverURL: server.url,
        secretToken: secretToken,
        apiKey: apiKey,
        serviceName: "checkout",
        serviceVersion: "1.0",
        agentVersion: "0.1.0",
        serverTimeout: timeout,
        environment: [:]
    )
}

/// Sender settings for tests: millisecond backoff, a long `api_request_time` (tests flush).
func senderConfiguration(
    _ client: IntakeClientConfiguration,
    maxEvents: Int = 5000,
    apiRequestSize: Int = 768 * 1024,
    apiRequestTime: Duration = .seconds(30)
) -> IntakeSenderConfiguration {
    IntakeSenderConfiguration(
        client: client,
        maxEventsPerRequest: maxEvents,
        apiRequestSize: apiRequestSize,
        apiRequestTime: apiRequestTime,
        backoff: BackoffPolicy(scale: 0.001),
        flushPollInterval: .milliseconds(20),
        queueErrorDelay: .milliseconds(20)
    )
}

/// Runs `body` with a started sender draining `source` into `server`, and stops the sender
/// afterwards (also when `body` throws), so no thread outlives the test.
func withSender<T>(
    _ server: LoopbackIntakeServer,
    _ source: MemoryQueue,
    configuration: IntakeSenderConfiguration? = nil,
    clock: any AgentClock = SystemClock(),
    _ body: (IntakeSender, LogCapture) async throws -> T
) async throws -> T {
    let logs = LogCapture()
    let sender = try IntakeSender(
        source: source,
        configuration: configuration ?? senderConfiguration(clientConfiguration(server)),
        logger: logs.logger(),
        clock: clock
    )
    sender.start()
    do {
        let result = try await body(sender, logs)
        _ = await onThread { sender.stop(timeout: .seconds(5)) }
        return result
    } catch {
        _ = await onThread { sender.stop(timeout: .seconds(5)) }
        throw error
    }
}

/// A source holding `count` transaction lines numbered from 1 under one metadata line.
func filledSource(_ count: Int, padding: Int = 0) -> MemoryQueue {
    let source = MemoryQueue()
    source.addMetadata()
    for number in 1...max(count, 1) where count > 0 {
        source.append(transactionLine(number, padding: padding))
    }
    return source
}

/// How often each line occurs.
func occurrences(_ lines: [String]) -> [String: Int] {
    lines.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}
