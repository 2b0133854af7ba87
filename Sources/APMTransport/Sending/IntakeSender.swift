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
import Foundation
import Logging

/// Drains the persistent event queue to APM Server from a dedicated thread.
///
/// The sender thread, named `elastic-apm-sender`, claims the oldest stored blocks, posts
/// them to `/intake/v2/events` as they were stored (gzip members after the run's metadata)
/// and applies the answer to the queue: accepted events are deleted, rejected events become
/// dead letters, everything else is kept and retried after a backoff. At steady load it sends
/// at most one request per `api_request_time`, sooner when the events committed since the last
/// request fill `api_request_size`, and at once for a flush or a backlog. Network work runs on the client's own event loop thread, so no call here makes
/// the application wait on the network, except the explicit ``flushBlocking(timeout:)`` and
/// ``stop(timeout:)``, which block for at most their timeout.
///
/// The queue is called only from the sender thread.
package final class IntakeSender: Sendable {
    /// The name of the sender thread. Linux keeps only the first 15 bytes of a thread name,
    /// so there the thread shows as `elastic-apm-sen`.
    package static let threadName = "elastic-apm-sender"

    private let control: SenderControl
    private let loop: SendLoop
    private let client: IntakeClient
    private let worker: Worker

    /// Creates a sender and its HTTP client; nothing is sent before ``start()``.
    ///
    /// - Parameters:
    ///   - source: The queue to drain; from now on called only from the sender thread.
    ///   - configuration: Where to send and how to batch and retry.
    ///   - logger: Where state changes (outages, recoveries, rejections) are logged.
    ///   - clock: The clock the sender's pacing, backoff and poll sleeps run on; tests pass a
    ///     ``ManualClock``. Callers' time limits (`flush`, `stop`) are real time.
    /// - Throws: ``IntakeClientError`` when the client settings are unusable.
    package init(
        source: any QueueReader,
        configuration: IntakeSenderConfiguration,
        logger: Logger,
        clock: any AgentClock = SystemClock()
    ) throws(IntakeClientError) {
        let client = try IntakeClient(configuration: configuration.client)
        let control = SenderControl(pacing: SendLoop.pacing(for: configuration), clock: clock)
        self.worker = Worker(name: IntakeSender.threadName, clock: clock)
        self.client = client
        self.control = control
        self.loop = SendLoop(
            source: source,
            client: client,
            configuration: configuration,
            logger: logger,
            control: control
        )
    }

    /// Starts the sender thread; later calls, and calls after ``stop(timeout:)``, do nothing.
    package func start() {
        guard control.beginRunning() else { return }
        let loop = self.loop
        worker.start { loop.run() }
    }

    /// Tells the sender that the writer committed `events` events of `bytes` ND-JSON bytes;
    /// once those since the last request fill about one request (`api_request_size`, or the
    /// most events a request holds), an idle sender sends at once instead of waiting for
    /// `api_request_time`. Does not shorten a backoff. Never blocks.
    package func committed(bytes: Int, events: Int) {
        control.committed(bytes: bytes, events: events)
    }

    /// Changes `api_request_size` and `api_request_time` of a running sender (central
    /// configuration); the sender takes them before its next request and ends an idle wait
    /// to do so. A request being built or in flight keeps the limits it started with.
    package func updateLimits(apiRequestSize: Int, apiRequestTime: Duration) {
        control.setLimits(SenderControl.Limits(apiRequestSize: apiRequestSize, apiRequestTime: apiRequestTime))
    }

    /// Waits until every event queued when the call was made has been acknowledged or
    /// dead-lettered, or `timeout` passes.
    ///
    /// The sender starts at once instead of waiting for `api_request_time`, but a backoff in
    /// progress still runs its course. The set of blocks is fixed when the sender takes the
    /// flush, which is immediately unless a request is in flight.
    package func flush(timeout: Duration) async -> FlushResult {
        guard let waiter = register() else {
            return FlushResult(sent: 0, remaining: control.pendingEstimate, completed: false)
        }
        return await waiter.wait(timeout: timeout)
    }

    /// The blocking form of ``flush(timeout:)``, for threads outside Swift concurrency.
    @available(*, noasync, message: "blocks the calling thread; use flush(timeout:)")
    package func flushBlocking(timeout: Duration) -> FlushResult {
        guard let waiter = register() else {
            return FlushResult(sent: 0, remaining: control.pendingEstimate, completed: false)
        }
        return waiter.waitBlocking(until: .now + timeout)
    }

    /// Stops the sender: lets the request in flight finish, releases blocks not yet sent,
    /// stops the thread and shuts the HTTP client down.
    ///
    /// If the request in flight has not finished at `timeout`, the sender abandons it: its
    /// blocks stay leased until the lease expires, so nothing is lost, and the queue is not
    /// touched again (a queue call in progress at that moment is waited for). The thread then
    /// shuts the client down by itself. Later calls do nothing. Blocks, so call it from a
    /// thread that may wait, not from a SwiftNIO event loop.
    ///
    /// - Returns: `true` when the sender finished within `timeout`.
    @discardableResult
    @available(*, noasync, message: "blocks the calling thread for up to the timeout")
    package func stop(timeout: Duration) -> Bool {
        switch control.beginStopping() {
        case nil:
            return true
        case .idle:
            shutDownUnstarted()
            return true
        default:
            if control.waitForExit(timeout: timeout) {
                return true
            }
            control.abandon()
            return false
        }
    }

    /// A sender dropped without ``stop(timeout:)`` stops too: an unstarted one shuts its
    /// client down here, a running one finishes its thread by itself.
    deinit {
        if control.beginStopping() == .idle {
            shutDownUnstarted()
        }
    }

    private func shutDownUnstarted() {
        for waiter in control.closeFlushes() {
            waiter.giveUp()
        }
        client.shutdown()
        control.markExited()
    }

    private func register() -> FlushWaiter? {
        let waiter = FlushWaiter(remaining: control.pendingEstimate)
        return control.register(waiter) ? waiter : nil
    }
}
