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

@testable import APMTransport
import Testing

@Suite("Response classification")
struct IntakeResponseTests {
    let events = (1...6).map { Array(transactionLine($0).utf8) }

    func response(_ status: Int, _ body: String = "") -> IntakeResponse {
        IntakeResponse(status: status, body: Array(body.utf8))
    }

    func classify(_ response: IntakeResponse, _ lines: [[UInt8]]) -> IntakeOutcome {
        response.classify(eventCount: lines.count) { lines }
    }

    @Test("2xx accepts everything", arguments: [200, 202, 204])
    func success(status: Int) {
        #expect(classify(response(status), events) == .accepted)
        #expect(classify(response(status, #"{"accepted":6}"#), events) == .accepted)
    }

    @Test("400 dead-letters the events whose line starts with the document")
    func rejectionMatchedByPrefix() {
        let full = transactionLine(2).replacingOccurrences(of: "\"", with: "\\\"")
        let cut = String(transactionLine(5).prefix(40)).replacingOccurrences(of: "\"", with: "\\\"")
        let body =
            #"{"accepted":4,"errors":[{"message":"bad duration","document":"\#(full)"},{"message":"too large","document":"\#(cut)"}]}"#
        let outcome = classify(response(400, body), events)
        #expect(outcome == .rejected(deadLetters: [1: "bad duration", 4: "too large"], unmatchedMessages: []))
    }

    @Test("400 with an unmatchable error and accepted > 0 dead-letters nothing extra")
    func rejectionUnmatched() {
        let body =
            #"{"accepted":5,"errors":[{"message":"did not recognize object type","document":"{\"nonsense\":1}"},{"message":"no document"}]}"#
        let outcome = classify(response(400, body), events)
        #expect(outcome == .rejected(deadLetters: [:], unmatchedMessages: ["did not recognize object type", "no document"]))
    }

    @Test("400 with accepted 0 dead-letters every event, also beyond the 5 reported errors")
    func rejectionAcceptedNothing() {
        let documents = (1...5).map { transactionLine($0).replacingOccurrences(of: "\"", with: "\\\"") }
        let errors = documents.map { #"{"message":"invalid","document":"\#($0)"}"# }.joined(separator: ",")
        let outcome = classify(response(400, #"{"accepted":0,"errors":[\#(errors)]}"#), events)
        guard case .rejected(let deadLetters, _) = outcome else {
            Issue.record("expected a rejection, got \(outcome)")
            return
        }
        #expect(Set(deadLetters.keys) == Set(events.indices))
        #expect(deadLetters[0] == "invalid")
        #expect(deadLetters[5] == "rejected by APM Server")
    }

    @Test("400 for bad metadata (no document, accepted 0) dead-letters the batch with the message")
    func rejectionMetadata() {
        let outcome = classify(response(400, #"{"accepted":0,"errors":[{"message":"\"metadata\" or \"m\" required"}]}"#), events)
        guard case .rejected(let deadLetters, let unmatched) = outcome else {
            Issue.record("expected a rejection, got \(outcome)")
            return
        }
        #expect(deadLetters.count == 6)
        #expect(Set(deadLetters.values) == [#""metadata" or "m" required"#])
        #expect(unmatched == [#""metadata" or "m" required"#])
    }

    @Test("400 whose lines cannot be read: documents match nothing; accepted 0 still rejects every event")
    func rejectionUnreadableLines() {
        let document = transactionLine(2).replacingOccurrences(of: "\"", with: "\\\"")
        let body = #"{"accepted":5,"errors":[{"message":"bad","document":"\#(document)"}]}"#
        #expect(response(400, body).classify(eventCount: 6) { nil } == .rejected(deadLetters: [:], unmatchedMessages: ["bad"]))
        let none = #"{"accepted":0,"errors":[{"message":"bad","document":"\#(document)"}]}"#
        guard case .rejected(let deadLetters, _) = response(400, none).classify(eventCount: 6, lines: { nil }) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(deadLetters == Dictionary(uniqueKeysWithValues: (0..<6).map { ($0, "bad") }))
    }

    @Test("the lines are read only for a 400 whose errors carry documents")
    func linesReadOnlyWhenNeeded() {
        var reads = 0
        let lines = events
        for (status, body) in [(202, ""), (503, #"{"accepted":2}"#), (400, #"{"accepted":0,"errors":[{"message":"x"}]}"#)] {
            _ = response(status, body).classify(eventCount: 6) {
                reads += 1
                return lines
            }
        }
        #expect(reads == 0)
    }

    @Test("two errors with the same document hit two different events")
    func duplicateDocuments() {
        let same = (1...3).map { _ in Array(#"{"span":{"id":"dup"}}"#.utf8) }
        let document = #"{\"span\":{\"id\":\"dup\"}}"#
        let body =
            #"{"accepted":1,"errors":[{"message":"a","document":"\#(document)"},{"message":"b","document":"\#(document)"}]}"#
        #expect(classify(response(400, body), same) == .rejected(deadLetters: [0: "a", 1: "b"], unmatchedMessages: []))
    }

    @Test(
        "400 with a body that is not APM Server's JSON dead-letters the batch",
        arguments: ["", "<html>Bad Request</html>", "[1,2]", #"{"foo":1}"#, #"{"accepted":"x"}"#])
    func rejectionMalformed(body: String) {
        guard case .rejected(let deadLetters, _) = classify(response(400, body), events) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(deadLetters.count == events.count)
        #expect(deadLetters.values.allSatisfy { $0.hasPrefix("HTTP 400") })
    }

    @Test("401 and 403 keep the rows as credential failures", arguments: [401, 403])
    func unauthorized(status: Int) {
        let outcome = classify(
            response(status, #"{"error":"authentication failed: missing or improperly formatted Authorization header"}"#), events)
        #expect(
            outcome
                == .unauthorized(
                    reason: "HTTP \(status): authentication failed: missing or improperly formatted Authorization header"))
        #expect(classify(response(status, "not json"), events) == .unauthorized(reason: "HTTP \(status): not json"))
    }

    @Test("413 asks for a split, whatever the body")
    func tooLarge() {
        #expect(
            classify(response(413, "<html>\n<body>413   Request Entity Too Large</body></html>"), events)
                == .tooLarge(reason: "HTTP 413: <html> <body>413 Request Entity Too Large</body></html>"))
        #expect(classify(response(413), events) == .tooLarge(reason: "HTTP 413"))
    }

    @Test("429, 5xx and unexpected statuses retry", arguments: [429, 500, 502, 503, 504, 404, 405, 302])
    func retry(status: Int) {
        #expect(
            classify(response(status, #"{"error":"queue is full"}"#), events)
                == .retry(acceptedPrefix: 0, reason: "HTTP \(status): queue is full"))
        #expect(classify(response(status, "{broken"), events) == .retry(acceptedPrefix: 0, reason: "HTTP \(status): {broken"))
    }

    @Test("503 with accepted > 0 acknowledges that prefix, clamped to the batch")
    func partial() {
        #expect(
            classify(response(503, #"{"accepted":3,"errors":[{"message":"queue is full"}]}"#), events)
                == .retry(acceptedPrefix: 3, reason: "HTTP 503: queue is full"))
        #expect(classify(response(503, #"{"accepted":60}"#), events) == .retry(acceptedPrefix: 6, reason: "HTTP 503"))
        #expect(classify(response(503, #"{"accepted":-2}"#), events) == .retry(acceptedPrefix: 0, reason: "HTTP 503"))
        #expect(classify(response(404, #"{"accepted":3}"#), events) == .retry(acceptedPrefix: 0, reason: "HTTP 404"))
    }
}
