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

/// What the sender does with the events of one intake request, decided from the answer.
package enum IntakeOutcome: Sendable, Equatable {
    /// 2xx: every event was accepted; delete them all.
    case accepted
    /// 400: the events in `deadLetters`, keyed by their position in the request (0 is the first
    /// event after the metadata), were rejected for good and move to the dead letters with the
    /// server's message; every other event was accepted and is deleted.
    /// `unmatchedMessages` are server errors that could not be tied to an event.
    case rejected(deadLetters: [Int: String], unmatchedMessages: [String])
    /// 401 or 403: the credentials or their privileges are wrong; keep every event and wait
    /// long before retrying.
    case unauthorized(reason: String)
    /// 413: the body is too large for something between the agent and the server; split the
    /// request and retry the halves.
    case tooLarge(reason: String)
    /// 429, 5xx, any other unexpected status, a timeout or a network error: the first
    /// `acceptedPrefix` events were indexed and are deleted, the rest are kept and retried
    /// after the backoff.
    case retry(acceptedPrefix: Int, reason: String)
}
