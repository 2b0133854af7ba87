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
import APMStore
import APMTransport
import ArgumentParser
import Dispatch
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `apm-queue flush`: send what waits to APM Server now, the way the agent's sender does.
struct FlushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Send the waiting events to APM Server now.",
        usage: "apm-queue flush [--server-url <url>] [--timeout <duration>] [<options>]",
        discussion: """
            Sends like the agent: oldest first, each run's events with its own metadata; accepted \
            events are deleted, events APM Server rejects become dead letters, and on an outage or \
            refused credentials it retries with backoff until --timeout. Events another process is \
            sending (leased) are left to it. Exit status: 0 when the queue is empty afterwards, \
            3 when events remain, 1 error, 2 usage error.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp("Give up after this long (e.g. 30s, 2m).", valueName: "duration"))
    var timeout = TimeSpan(argument: "60s")!

    /// The service part of the `User-Agent` header.
    static let serviceName = "apm-queue"
    /// How long claimed events stay reserved to this process at least, as for the agent; twice
    /// the request timeout when that is longer. After a flush that was killed, the events it
    /// held are sent by someone else once the lease has passed.
    static let minimumLease: Duration = .seconds(60)
    /// The exit status when events remain in the queue.
    static let eventsRemainExitCode: Int32 = 3

    func run() throws {
        let client = try server.clientConfiguration(
            serviceName: Self.serviceName, agentVersion: AgentVersion.current, limit: timeout.duration)
        let lease = max(Self.minimumLease, client.serverTimeout * 2)
        let progress = FlushProgress()
        let display = ProgressDisplay(isTerminal: isatty(STDOUT_FILENO) == 1)
        // Built first so unusable settings fail before anything else; a sender that is never
        // started shuts its client down when dropped.
        let sender = try makeSender(client, lease: lease, progress: progress, display: display)
        let started = ContinuousClock.now
        let queue = try global.openCurrent()
        let total = try Self.stats(queue).events
        var stopped = true
        if total > 0 {
            stopped = send(
                with: sender, total: total, stopTimeout: client.serverTimeout + .seconds(1), progress: progress, display: display)
        }
        let after = try Self.stats(queue)
        queue.close()
        Console.out(Self.summary(progress.snapshot, after: after, elapsed: started.duration(to: .now)))
        if !stopped {
            Console.error(
                "the last request did not finish; its events stay reserved for up to \(HumanFormat.age(microseconds: lease.inMicroseconds))"
            )
        }
        if after.events > 0 {
            Console.error("\(HumanFormat.count(after.events, "event")) not flushed")
            throw ExitCode(Self.eventsRemainExitCode)
        }
    }

    /// A sender over the queue file with this process as lease owner, logging through
    /// `display`; settings it cannot use are a usage error (an unreadable CA file an error).
    private func makeSender(
        _ client: IntakeClientConfiguration, lease: Duration, progress: FlushProgress, display: ProgressDisplay
    ) throws(CommandFailure) -> IntakeSender {
        let logger = Logger(label: "apm-queue") { _ in ConsoleLogHandler(display: display) }
        let reader = EventQueueReader(
            path: global.path, options: GlobalOptions.options(busyTimeout: global.busyTimeout.duration),
            owner: Self.leaseOwner(), lease: lease)
        do {
            return try IntakeSender(
                source: CountingQueueReader(reader, progress: progress),
                configuration: IntakeSenderConfiguration(client: client), logger: logger)
        } catch {
            if case .unreadableCACertificate = error {
                throw CommandFailure(error.description)
            }
            throw CommandFailure.usage(error.description)
        }
    }

    /// Runs the sender until the `total` events queued now have left, or the timeout, drawing
    /// progress meanwhile; then stops it, waiting up to `stopTimeout` for a request in flight.
    /// Returns whether it stopped in time.
    private func send(
        with sender: IntakeSender, total: Int, stopTimeout: Duration, progress: FlushProgress, display: ProgressDisplay
    ) -> Bool {
        display.begin(total: total)
        sender.start()
        let finished = DispatchSemaphore(value: 0)
        let timeout = self.timeout.duration
        DispatchQueue.global().async {
            _ = sender.flushBlocking(timeout: timeout)
            finished.signal()
        }
        while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            display.update(flushed: progress.snapshot.flushed)
        }
        let stopped = sender.stop(timeout: stopTimeout)
        display.finish(flushed: progress.snapshot.flushed)
        return stopped
    }

    private static func stats(_ queue: EventQueue) throws(CommandFailure) -> QueueStats {
        do throws(QueueError) {
            return try queue.stats(now: EventQueue.now())
        } catch {
            throw CommandFailure(error)
        }
    }

    /// `apm-queue/<host>/<pid>`.
    private static func leaseOwner() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return "\(serviceName)/\(host)/\(getpid())"
    }

    /// The closing lines: what was sent, dead-lettered and skipped, what remains (and how much
    /// of it another sender holds), the requests and the time taken.
    private static func summary(_ tally: FlushProgress.Snapshot, after: QueueStats, elapsed: Duration) -> [String] {
        var lines = [
            HumanFormat.field("sent", HumanFormat.count(tally.sent, "event")),
            HumanFormat.field("dead-lettered", HumanFormat.count(tally.deadLettered, "event")),
        ]
        if tally.skipped > 0 {
            lines.append(HumanFormat.field("skipped", HumanFormat.count(tally.skipped, "unsampled transaction")))
        }
        var remaining = HumanFormat.count(after.events, "event")
        if after.leasesHeld > 0 {
            remaining += " (\(HumanFormat.count(after.leasesHeld)) leased by another sender)"
        }
        lines.append(HumanFormat.field("remaining", remaining))
        var requests = HumanFormat.count(tally.requests)
        if tally.failedRequests > 0 {
            requests += " (\(HumanFormat.count(tally.failedRequests)) failed)"
        }
        lines.append(HumanFormat.field("requests", requests))
        lines.append(HumanFormat.field("time", HumanFormat.elapsed(elapsed)))
        return lines
    }
}
