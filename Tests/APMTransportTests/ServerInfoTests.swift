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

@Suite("Server info")
struct ServerInfoTests {
    func parse(_ status: Int, _ body: String) -> ServerInfo {
        ServerInfo.parse(status: status, body: Array(body.utf8))
    }

    @Test("a flat version string")
    func flat() {
        let info = parse(
            200, #"{"build_date":"2021-12-18T19:59:06Z","build_sha":"24fe620e","publish_ready":true,"version":"8.13.0"}"#)
        #expect(info.version == ServerVersion(major: 8, minor: 13, patch: 0))
        #expect(info.skipsUnsampledTransactions)
    }

    @Test("a nested version number")
    func nested() {
        #expect(parse(200, #"{"version":{"number":"7.17.9"}}"#).version == ServerVersion(major: 7, minor: 17, patch: 9))
        #expect(!parse(200, #"{"version":{"number":"7.17.9"}}"#).skipsUnsampledTransactions)
    }

    @Test(
        "unknown for empty, malformed, non-200 and versionless answers",
        arguments: [
            (200, ""), (200, "{"), (200, "[]"), (200, #"{"version":8}"#), (200, #"{"version":"x.y"}"#),
            (401, #"{"version":"8.1.0"}"#), (500, ""),
        ])
    func unknown(status: Int, body: String) {
        #expect(parse(status, body) == .unknown)
        #expect(!parse(status, body).skipsUnsampledTransactions)
    }

    @Test("versions parse with suffixes and compare numerically")
    func versions() {
        #expect(ServerVersion("8.0.0-SNAPSHOT") == ServerVersion(major: 8))
        #expect(ServerVersion("9") == ServerVersion(major: 9))
        #expect(ServerVersion("8.10") == ServerVersion(major: 8, minor: 10))
        #expect(ServerVersion("v8") == nil)
        #expect(ServerVersion("8.x") == nil)
        #expect(ServerVersion(major: 8, minor: 9) < ServerVersion(major: 8, minor: 10))
        #expect(ServerVersion(major: 7, minor: 17, patch: 2).description == "7.17.2")
    }
}
