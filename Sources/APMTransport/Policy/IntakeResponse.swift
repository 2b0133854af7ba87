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

/// The HTTP answer to one intake request, and the policy that turns it into an
/// ``IntakeOutcome``.
package struct IntakeResponse: Sendable, Equatable {
    /// The HTTP status code.
    package var status: Int
    /// The raw response body, often empty.
    package var body: [UInt8]

    /// Creates a response from a status and body.
    package init(status: Int, body: [UInt8] = []) {
        self.status = status
        self.body = body
    }

    /// The longest piece of a non-JSON body quoted in reasons.
    static let snippetLimit = 200

    /// Decides what happens to the events of a request that carried `eventCount` events.
    ///
    /// - 2xx: ``IntakeOutcome/accepted``.
    /// - 400: each error whose `document` is a prefix of an event line (the server may cut the
    ///   document short) dead-letters the first such event not yet matched. When the server
    ///   accepted nothing, every event was rejected, so all of them are dead-lettered; when it
    ///   accepted some and an error names no recognisable event, that event cannot be known and
    ///   the rest are acknowledged. A body that is not APM Server's JSON dead-letters every event.
    /// - 401, 403: ``IntakeOutcome/unauthorized(reason:)``.
    /// - 413: ``IntakeOutcome/tooLarge(reason:)``.
    /// - Anything else: ``IntakeOutcome/retry(acceptedPrefix:reason:)``; for 429 and 5xx the
    ///   `accepted` count, clamped to the request, is the prefix already indexed.
    ///
    /// - Parameter lines: The request's event lines in order, asked for only to match a 400
    ///   answer's documents; `nil` when they cannot be read, and then no document matches.
    package func classify(eventCount: Int, lines: () -> [[UInt8]]?) -> IntakeOutcome {
        let decoded = IntakeResponseBody.decode(body)
        switch status {
        case 200..<300:
            return .accepted
        case 400:
            return classifyRejection(decoded, eventCount: eventCount, lines: lines)
        case 401, 403:
            return .unauthorized(reason: reason(decoded))
        case 413:
            return .tooLarge(reason: reason(decoded))
        case 429, 500..<600:
            let prefix = min(max(decoded?.accepted ?? 0, 0), eventCount)
            return .retry(acceptedPrefix: prefix, reason: reason(decoded))
        default:
            return .retry(acceptedPrefix: 0, reason: reason(decoded))
        }
    }

    /// `HTTP <status>` followed by the server's messages or the start of its body.
    func reason(_ decoded: IntakeResponseBody?) -> String {
        let detail: String
        if let decoded {
            detail = decoded.messages.joined(separator: "; ")
        } else {
            detail = snippet
        }
        return detail.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(detail)"
    }

    /// The start of the body as text, whitespace runs folded to one space.
    var snippet: String {
        let text = String(decoding: body.prefix(Self.snippetLimit), as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private func classifyRejection(
        _ decoded: IntakeResponseBody?, eventCount: Int, lines: () -> [[UInt8]]?
    ) -> IntakeOutcome {
        guard let decoded else {
            let why = reason(nil)
            return .rejected(
                deadLetters: Dictionary(uniqueKeysWithValues: (0..<eventCount).map { ($0, why) }),
                unmatchedMessages: [why]
            )
        }
        var deadLetters: [Int: String] = [:]
        var unmatched: [String] = []
        let errors = decoded.errors ?? []
        let events = errors.contains { !($0.document ?? "").isEmpty } ? lines() ?? [] : []
        for item in errors {
            let message = item.message ?? "rejected by APM Server"
            let document = Array((item.document ?? "").utf8)
            let match =
                document.isEmpty
                ? nil
                : events.indices.first { position in
                    deadLetters[position] == nil && events[position].starts(with: document)
                }
            if let match {
                deadLetters[match] = message
            } else {
                unmatched.append(message)
            }
        }
        if decoded.accepted == 0 {
            let fallback = unmatched.first ?? decoded.error ?? "rejected by APM Server"
            for position in 0..<eventCount where deadLetters[position] == nil {
                deadLetters[position] = fallback
            }
        }
        if let error = decoded.error {
            unmatched.insert(error, at: 0)
        }
        return .rejected(deadLetters: deadLetters, unmatchedMessages: unmatched)
    }
}
