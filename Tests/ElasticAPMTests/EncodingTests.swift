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

import Foundation
import APMTestSupport
import Testing
@testable import ElasticAPM

@Suite("Intake encoding")
struct EncodingTests {
    /// Random strings mixing ASCII, control characters, quotes, backslashes, and multi-byte scalars.
    static func randomString(_ generator: inout some RandomNumberGenerator, maxLength: Int = 64) -> String {
        let pools: [ClosedRange<UInt32>] = [
            0x00...0x1F, 0x20...0x7E, 0xA0...0x2FF, 0x2028...0x2029, 0x4E00...0x4E80, 0x1F600...0x1F64F,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &generator) {
            let pool = pools.randomElement(using: &generator)!
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &generator)) { scalars.append(scalar) }
            if Bool.random(using: &generator) { scalars.append(["\"", "\\", "/"].randomElement(using: &generator)!) }
        }
        return String(scalars)
    }

    @Test("any string round-trips through the JSON writer (property test, 2 000 cases)")
    func stringEscaping() throws {
        var generator = SeededGenerator(seed: 0xE1A571C)
        for _ in 0..<2000 {
            let value = Self.randomString(&generator)
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("k", value)
            writer.endObject()
            let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: String]
            #expect(decoded?["k"] == value, "failed for \(value.debugDescription)")
        }
    }

    @Test("numbers: integers exact, doubles round-trip, NaN and infinities become null")
    func numbers() throws {
        var generator = SeededGenerator(seed: 7)
        var writer = JSONWriter()
        writer.beginArray()
        var expected: [Double] = []
        for _ in 0..<500 {
            let value =
                Double.random(in: -1e12...1e12, using: &generator) / Double(Int.random(in: 1...1_000_000, using: &generator))
            writer.double(value)
            expected.append(value)
        }
        for value in [Int64.min, -1, 0, 1, Int64.max] { writer.int(value) }
        for value in [Double.nan, .infinity, -.infinity] { writer.double(value) }
        writer.endArray()
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [Any])
        // Foundation's parser is not correctly rounded on Linux: compare with Swift's own parser.
        let texts = String(decoding: writer.bytes.dropFirst().dropLast(), as: UTF8.self).split(separator: ",")
        for (index, value) in expected.enumerated() { #expect(Double(String(texts[index])) == value) }
        #expect(decoded[500] as? Int64 == Int64.min)
        #expect(decoded[504] as? Int64 == Int64.max)
        #expect(decoded[505...].allSatisfy { $0 is NSNull })
    }

    /// A JSON value for the writer's property test.
    private indirect enum Value {
        case int(Int64), string(String), bool(Bool), null, array([Value]), object([(String, Value)])

        static func random(_ generator: inout some RandomNumberGenerator, depth: Int = 0) -> Value {
            switch Int.random(in: 0..<(depth < 3 ? 6 : 4), using: &generator) {
            case 0:
                // Every digit count and both signs.
                let digits = Int.random(in: 0...19, using: &generator)
                var value = digits == 0 ? 0 : Int64.random(in: 0...Int64.max, using: &generator) >> (63 - digits * 3)
                if Bool.random(using: &generator) { value = -value }
                return .int(value)
            case 1: return .string(EncodingTests.randomString(&generator, maxLength: 300))
            case 2: return Bool.random(using: &generator) ? .bool(Bool.random(using: &generator)) : .null
            case 3: return .int(Bool.random(using: &generator) ? .min : .max)
            case 4:
                return .array((0..<Int.random(in: 0...6, using: &generator)).map { _ in random(&generator, depth: depth + 1) })
            default:
                return .object(
                    (0..<Int.random(in: 0...6, using: &generator)).map { index in
                        ("k\(index)" + EncodingTests.randomString(&generator, maxLength: 4), random(&generator, depth: depth + 1))
                    })
            }
        }

        func write(to writer: inout JSONWriter) {
            switch self {
            case .int(let value): writer.int(value)
            case .string(let value): writer.string(value)
            case .bool(let value): writer.bool(value)
            case .null: writer.null()
            case .array(let values):
                writer.beginArray()
                for value in values { value.write(to: &writer) }
                writer.endArray()
            case .object(let members):
                writer.beginObject()
                for (key, value) in members {
                    writer.dynamicKey(key)
                    value.write(to: &writer)
                }
                writer.endObject()
            }
        }

        /// Whether `decoded` (from `JSONSerialization`) is this value.
        func matches(_ decoded: Any) -> Bool {
            switch self {
            case .int(let value): return (decoded as? NSNumber)?.int64Value == value
            case .string(let value): return decoded as? String == value
            case .bool(let value): return (decoded as? NSNumber)?.boolValue == value
            case .null: return decoded is NSNull
            case .array(let values):
                guard let array = decoded as? [Any], array.count == values.count else { return false }
                return zip(values, array).allSatisfy { $0.matches($1) }
            case .object(let members):
                guard let object = decoded as? [String: Any] else { return false }
                // Random keys may repeat; the last one wins in the parser.
                var expected: [String: Value] = [:]
                for (key, value) in members { expected[key] = value }
                guard object.count == expected.count else { return false }
                return expected.allSatisfy { key, value in object[key].map(value.matches) ?? false }
            }
        }
    }

    @Test("random nested documents (every integer width, escapes, growth past the first buffer) parse back (property test)")
    func randomDocuments() throws {
        var generator = SeededGenerator(seed: 0x15_0B1EC7)
        for _ in 0..<300 {
            let value = Value.array([Value.random(&generator), Value.random(&generator)])
            var writer = JSONWriter(capacity: 0)
            value.write(to: &writer)
            #expect(writer.count == writer.bytes.count)
            let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes))
            #expect(value.matches(decoded), "failed for \(String(decoding: writer.bytes, as: UTF8.self))")
        }
    }

    @Test("durations in thousandths (microseconds as milliseconds) are written as Swift describes them (property test)")
    func thousandths() throws {
        var generator = SeededGenerator(seed: 1_000)
        for _ in 0..<5_000 {
            let digits = Int.random(in: 1...14, using: &generator)
            var micros = Int64.random(in: 0...Int64(pow(10, Double(digits))), using: &generator)
            if Bool.random(using: &generator) { micros = -micros }
            let value = Double(micros) / 1000
            var writer = JSONWriter()
            writer.double(value)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            let expected = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
            #expect(text == expected, "\(micros)")
            #expect(Double(text) == value)
        }
    }

    @Test("keyword fields are cut to 1024 characters ending in …, long fields to long_field_max_length")
    func fieldLimits() {
        let test = TestAgent { $0.longFieldMaxLength = 2000 }
        test.agent.withTransaction(String(repeating: "n", count: 5000), type: "request") { _ in
            test.agent.captureSpan("q", type: "db.postgresql.query", leaf: true) { span in
                span.setContext(APMSpanContext(db: APMDatabaseContext(statement: String(repeating: "é", count: 3000))))
            }
        }
        let events = test.events()
        let name = events.transactions.first?["name"] as? String ?? ""
        #expect(name.unicodeScalars.count == 1024)
        #expect(name.hasSuffix("…"))
        let statement = events.spans.first?[path: "context.db.statement"] as? String ?? ""
        #expect(statement.unicodeScalars.count == 2000)
        #expect(statement.hasSuffix("…"))
    }

    @Test("lines encoded one after another into one buffer, long ones among them, are the lines encoded alone (property test)")
    func appendingEncodes() {
        var generator = SeededGenerator(seed: 11)
        var encoder = IntakeEncoder()
        var buffer: [UInt8] = Array("leftover}".utf8)
        var expected = buffer
        for index in 0..<200 {
            let event = CapturedEvent.metricset(
                MetricsetEvent(
                    timestamp: Int64(index),
                    // Every 50th line is longer than the encoder keeps its storage for (64 KiB): it grows, then shrinks.
                    tags: [
                        ("t", .string(index % 50 == 49 ? String(repeating: "y", count: 70_000) : Self.randomString(&generator))),
                        ("n", .number(Double(index) / 3)),
                    ],
                    transaction: nil, span: nil,
                    samples: [MetricSample(Self.randomString(&generator, maxLength: 8), Double(index))]))
            let alone = encoder.encode(event)
            var fresh = IntakeEncoder()
            #expect(alone == fresh.encode(event), "the reused storage writes what fresh storage does")
            expected += alone + [UInt8(ascii: "\n")]
            encoder.encode(event, appendingTo: &buffer)
            buffer.append(UInt8(ascii: "\n"))
            #expect((try? JSONSerialization.jsonObject(with: Data(alone))) != nil)
        }
        #expect(buffer == expected)
    }

    #if os(Linux)
    @Test("a span trace met again is written from its encoded bytes, identical to encoding its frames")
    func encodedStackTraces() throws {
        let trace = try #require(CapturedStackTrace.capture(skipping: 0, limit: 16))
        #expect(StackTraceResolver.shared.waitUntilWarm(timeout: .seconds(30)))
        func span(_ trace: CapturedStackTrace?) -> CapturedEvent {
            .span(
                SpanEvent(
                    id: APMSpanID(7), transactionID: APMSpanID(1), parentID: APMSpanID(1),
                    traceID: APMTraceID(high: 1, low: 2), name: "SELECT", type: "db", subtype: "postgresql",
                    action: "query", timestamp: 1, duration: 6, outcome: .success, isExit: true, sync: nil,
                    sampleRate: 1, labels: [], context: nil, serviceTarget: nil, composite: nil, stackTrace: trace,
                    links: []))
        }
        func stacktrace(_ line: [UInt8]) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let span = try #require(object["span"] as? [String: Any])
            return try #require(span["stacktrace"] as? [[String: Any]])
        }
        // Resolve the trace fully first, so the encoder meets a final trace.
        #expect(StackTraceResolver.shared.resolveTrace(trace).frames.isEmpty == false)
        _ = StackTraceResolver.shared.waitUntilIdle(timeout: .seconds(30))
        var encoder = IntakeEncoder()
        let first = encoder.encode(span(trace))
        let cachedBefore = encoder.encodedStackTraces.count
        let second = encoder.encode(span(trace))
        var fresh = IntakeEncoder()
        let uncached = fresh.encode(span(trace))
        let frames = try stacktrace(first)
        #expect(!frames.isEmpty && frames.count <= 16)
        #expect(frames.first?["function"] != nil)
        #expect(cachedBefore == 1 && encoder.encodedStackTraces.count == 1)
        #expect(second == first, "the cached bytes are the encoded frames")
        #expect(uncached == first)
        // A span without a trace writes none.
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(encoder.encode(span(nil)))) as? [String: Any])
        #expect((plain["span"] as? [String: Any])?["stacktrace"] == nil)
    }
    #endif

    @Test("an event over 300 KiB is re-encoded without its largest parts and counted")
    func lineLimit() {
        let test = TestAgent()
        var huge: [String: APMCustomValue] = [:]
        for index in 0..<400 { huge["field\(index)"] = .string(String(repeating: "x", count: 5000)) }
        test.agent.withTransaction("huge", type: "request") { _ in test.agent.setCustomContext(huge) }
        let events = test.events()
        let line = try! #require(events.lines.first)
        #expect(line.count <= IntakeEncoder.maxLineBytes)
        #expect(events.transactions.first?["name"] as? String == "huge")
        #expect(test.agent.statistics.truncated == 1)
    }

    @Test("sensitive headers and cookies are redacted; user info is removed from URLs")
    func sanitization() {
        let test = TestAgent { $0.captureBody = .off }
        test.agent.withTransaction("POST /login", type: "request") { transaction in
            transaction.setRequest(
                APMRequestContext(
                    method: "POST",
                    url: APMURLParts(full: "https://bob:pw@example.com/login", scheme: "https", hostname: "example.com"),
                    headers: [
                        (name: "Authorization", value: "Bearer abc"), (name: "X-Api-Key", value: "k"),
                        (name: "Accept", value: "a"), (name: "Accept", value: "b"),
                    ],
                    cookies: ["sessionid": "s1", "theme": "dark"], body: "password=hunter2"))
        }
        let transaction = try! #require(test.events().transactions.first)
        #expect(transaction[path: "context.request.headers.Authorization"] as? String == "[REDACTED]")
        #expect(transaction[path: "context.request.headers.X-Api-Key"] as? String == "[REDACTED]")
        #expect(transaction[path: "context.request.headers.Accept"] as? [String] == ["a", "b"])
        #expect(transaction[path: "context.request.cookies.sessionid"] as? String == "[REDACTED]")
        #expect(transaction[path: "context.request.cookies.theme"] as? String == "dark")
        #expect(transaction[path: "context.request.body"] as? String == "[REDACTED]")
        #expect(transaction[path: "context.request.url.full"] as? String == "https://[REDACTED]:[REDACTED]@example.com/login")
        #expect(transaction[path: "context.request.url.protocol"] as? String == "https:")
    }
}

extension EncodingTests {
    @Test("form bodies: sensitive fields are redacted when bodies are captured")
    func formBody() {
        let test = TestAgent { $0.captureBody = .all }
        test.agent.withTransaction("POST /login", type: "request") { transaction in
            transaction.setRequest(
                APMRequestContext(
                    method: "POST", url: APMURLParts(pathname: "/login"),
                    headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                    body: "user=bob&password=hunter2&api%5Fkey=k&remember=on"))
        }
        let body = test.events().transactions.first?[path: "context.request.body"] as? String
        #expect(body == "user=bob&password=[REDACTED]&api%5Fkey=[REDACTED]&remember=on")
    }
}

extension EncodingTests {
    @Test(
        "a body attached with setRequestBody survives a later setRequest and follows capture_body",
        arguments: [
            ("off", "[REDACTED]", "[REDACTED]"), ("errors", "[REDACTED]", "q=1"),
            ("transactions", "q=1", "[REDACTED]"), ("all", "q=1", "q=1"),
        ])
    func attachedRequestBody(captureBody: String, transactionBody: String, errorBody: String) {
        let test = TestAgent { $0.captureBody = APMAgent.Configuration.CaptureBody(rawValue: captureBody) }
        test.agent.withTransaction("POST /search", type: "request") { transaction in
            test.agent.setRequestBody("q=1")
            transaction.setRequest(APMRequestContext(method: "POST", url: APMURLParts(pathname: "/search")))
            test.agent.captureError(EncodingTestError.failed)
        }
        let events = test.events()
        #expect(events.transactions.first?[path: "context.request.body"] as? String == transactionBody)
        #expect(events.errors.first?[path: "context.request.body"] as? String == errorBody)
    }

    @Test("a body without a request context is not reported")
    func requestBodyWithoutRequest() {
        let test = TestAgent { $0.captureBody = .all }
        test.agent.withTransaction("job", type: "job") { transaction in transaction.setRequestBody("q=1") }
        let transaction = test.events().transactions.first
        #expect(transaction?["name"] as? String == "job")
        #expect(transaction?[path: "context.request"] == nil)
    }
}

extension EncodingTests {
    @Test("a Cookie header keeps its harmless cookies and redacts the sensitive ones")
    func cookieHeader() {
        let test = TestAgent()
        test.agent.withTransaction("GET /", type: "request") { transaction in
            transaction.setRequest(
                APMRequestContext(
                    method: "GET", url: APMURLParts(pathname: "/"),
                    headers: [(name: "Cookie", value: "sessionid=abc; theme=dark;csrftoken=x")]))
        }
        let cookie = test.events().transactions.first?[path: "context.request.headers.Cookie"] as? String
        #expect(cookie == "sessionid=[REDACTED]; theme=dark; csrftoken=[REDACTED]")
    }
}

private enum EncodingTestError: Error { case failed }
