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

import APMTransport
import Testing

@Suite("Agent configuration answers")
struct AgentConfigParsingTests {
    @Test(
        "Cache-Control max-age: whole seconds above zero, anywhere among the directives",
        arguments: [
            ("max-age=30, must-revalidate", 30),
            ("must-revalidate, max-age=300", 300),
            ("MAX-AGE=7", 7),
            (" max-age = 12 ", 12),
            ("max-age=\"45\"", 45),
            ("public,max-age=1", 1),
        ] as [(String, Int)])
    func maxAge(header: String, expected: Int) {
        #expect(CacheControl.maxAge(header) == expected)
    }

    @Test(
        "Cache-Control without a usable max-age gives nil",
        arguments: [
            nil, "", "must-revalidate", "max-age=0", "max-age=-5", "max-age=abc", "max-age=1.5",
            "max-age=", "max-age=99999999999999999999999", "s-maxage=30", "no-cache",
        ] as [String?])
    func noMaxAge(header: String?) {
        #expect(CacheControl.maxAge(header) == nil)
    }

    @Test("200: settings, unquoted etag, raw body and max-age")
    func modified() {
        let body = Array(#"{"transaction_sample_rate":"0.3","capture_body":"off"}"#.utf8)
        let result = AgentConfigResult.classify(
            status: 200, etag: "\"abc123\"", cacheControl: "max-age=30, must-revalidate", body: body)
        #expect(
            result
                == .modified(
                    AgentConfigDocument(
                        etag: "abc123", settings: ["transaction_sample_rate": "0.3", "capture_body": "off"], body: body,
                        maxAge: 30)))
        #expect(result.maxAge == 30)
    }

    @Test("no configuration: {} with etag \"-\"")
    func empty() {
        let result = AgentConfigResult.classify(status: 200, etag: "\"-\"", cacheControl: "max-age=30", body: Array("{}".utf8))
        #expect(result == .modified(AgentConfigDocument(etag: "-", settings: [:], body: Array("{}".utf8), maxAge: 30)))
    }

    @Test("values of other JSON types become strings in environment-variable syntax")
    func otherTypes() {
        let body = #"{"a":0.5,"b":500,"c":true,"d":false,"e":null,"f":["x","y"],"g":{"k2":"v2","k1":1},"h":1e-3,"i":"s"}"#
        #expect(
            AgentConfigDocument.settings(from: Array(body.utf8)) == [
                "a": "0.5", "b": "500", "c": "true", "d": "false", "e": "", "f": "x,y", "g": "k1=1,k2=v2", "h": "0.001", "i": "s",
            ])
    }

    @Test(
        "a body that is not a JSON object is not a configuration",
        arguments: ["", "[]", "\"x\"", "null", "{", "<html>proxy error</html>"])
    func notAnObject(body: String) {
        #expect(AgentConfigDocument.settings(from: Array(body.utf8)) == nil)
        guard
            case .failed(let reason) = AgentConfigResult.classify(
                status: 200, etag: nil, cacheControl: nil, body: Array(body.utf8))
        else {
            Issue.record("expected failed")
            return
        }
        #expect(reason.hasPrefix("HTTP 200 without a JSON object"))
    }

    @Test("etags: quotes and a weak prefix are dropped; a missing or empty header gives nil")
    func etags() {
        func etag(_ header: String?) -> String? {
            guard
                case .modified(let document) = AgentConfigResult.classify(
                    status: 200, etag: header, cacheControl: nil, body: Array("{}".utf8))
            else {
                return "not modified"
            }
            return document.etag
        }
        #expect(etag("\"abc\"") == "abc")
        #expect(etag("abc") == "abc")
        #expect(etag("W/\"abc\"") == "abc")
        #expect(etag(nil) == nil)
        #expect(etag("\"\"") == nil)
    }

    @Test("304 keeps the configuration")
    func notModified() {
        #expect(
            AgentConfigResult.classify(status: 304, etag: "\"x\"", cacheControl: "max-age=30", body: [])
                == .notModified(maxAge: 30))
        #expect(AgentConfigResult.classify(status: 304, etag: nil, cacheControl: nil, body: []) == .notModified(maxAge: nil))
    }

    @Test("4xx: the feature is unavailable", arguments: [400, 401, 403, 404, 405])
    func unavailable(status: Int) {
        let result = AgentConfigResult.classify(
            status: status, etag: nil, cacheControl: "max-age=300, must-revalidate", body: Array(#"{"error":"x"}"#.utf8))
        #expect(result == .unavailable(status: status, maxAge: 300))
    }

    @Test("5xx: a server error with the server's message")
    func serverError() {
        let body = Array(#"{"error":"Agent configuration infrastructure is not ready. Please retry later."}"#.utf8)
        let result = AgentConfigResult.classify(status: 503, etag: nil, cacheControl: "max-age=300, must-revalidate", body: body)
        #expect(
            result
                == .serverError(
                    status: 503, message: "HTTP 503: Agent configuration infrastructure is not ready. Please retry later.",
                    maxAge: 300))
        #expect(
            AgentConfigResult.classify(status: 502, etag: nil, cacheControl: nil, body: Array("Bad Gateway".utf8))
                == .serverError(status: 502, message: "HTTP 502: Bad Gateway", maxAge: nil))
    }

    @Test("other statuses are failures", arguments: [101, 301, 302, 307, 600])
    func unexpected(status: Int) {
        #expect(
            AgentConfigResult.classify(status: status, etag: nil, cacheControl: "max-age=30", body: [])
                == .failed(reason: "unexpected HTTP \(status)"))
    }
}
