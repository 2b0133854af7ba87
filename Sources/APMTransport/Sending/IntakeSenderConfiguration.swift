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

/// How the sender batches, paces and retries.
package struct IntakeSenderConfiguration: Sendable {
    /// Where and how to send.
    package var client: IntakeClientConfiguration
    /// The most events in one request.
    package var maxEventsPerRequest: Int
    /// The budget for one request's compressed body in bytes (`api_request_size`); only a
    /// request of a single event may exceed it. Committed events of about this size make the
    /// sender send before `apiRequestTime`.
    package var apiRequestSize: Int
    /// The time between requests at steady load (`api_request_time`): the sender claims at
    /// most once per interval unless a flush, a backlog or `apiRequestSize` asks for more.
    package var apiRequestTime: Duration
    /// The retry schedule after failures.
    package var backoff: BackoffPolicy
    /// How often a flush looks again while the blocks it waits for are leased by another
    /// sender or by an abandoned request.
    package var flushPollInterval: Duration
    /// How long the sender waits after the queue itself reported an error.
    package var queueErrorDelay: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - client: Where and how to send.
    ///   - maxEventsPerRequest: The most events in one request.
    ///   - apiRequestSize: The compressed body budget of one request, in bytes.
    ///   - apiRequestTime: The time between requests at steady load.
    ///   - backoff: The retry schedule after failures.
    ///   - flushPollInterval: How often a flush looks at blocks held by someone else.
    ///   - queueErrorDelay: The pause after the queue reported an error.
    package init(
        client: IntakeClientConfiguration,
        maxEventsPerRequest: Int = 5000,
        apiRequestSize: Int = 768 * 1024,
        apiRequestTime: Duration = .seconds(10),
        backoff: BackoffPolicy = BackoffPolicy(),
        flushPollInterval: Duration = .milliseconds(100),
        queueErrorDelay: Duration = .seconds(1)
    ) {
        self.client = client
        self.maxEventsPerRequest = maxEventsPerRequest
        self.apiRequestSize = apiRequestSize
        self.apiRequestTime = apiRequestTime
        self.backoff = backoff
        self.flushPollInterval = flushPollInterval
        self.queueErrorDelay = queueErrorDelay
    }
}
