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
import Testing
@testable import APMStore

/// `log` events (swift-log records sent with `log_sending`) as the CLI shows them.
@Suite("apm-queue with log events", .timeLimit(.minutes(2)), .childProcesses)
struct LogEventTests {
    /// A `log` line as the agent's encoder writes it.
    static let logLine =
        #"{"log":{"@timestamp":1700000000000000,"message":"cart loaded for customer 7","log.level":"info","log.logger":"checkout","log.origin.file.name":"Checkout/CartHandler.swift","log.origin.file.line":42,"log.origin.function":"load(_:)","trace.id":"0af7651916cd43dd8448eb211c80319c","transaction.id":"b7ad6b7169203331","service.name":"checkout","event.dataset":"checkout","labels":{"items":3}}}"#

    @Test("stats counts log events by kind; list shows the kind and the message; --kind log selects them")
    func statsAndList() async throws {
        let f = try QueueFixture()
        defer { f.remove() }
        let lines = f.metadataLines[0] + "\n" + Self.logLine + "\n"
        let imported = try await CLI.run(["import", "-"], queue: f.path, input: .bytes(Array(lines.utf8)))
        #expect(imported.exitCode == 0, "\(imported)")
        #expect(imported.lines == ["imported 1 event (log 1) in 1 run"])

        let stats = try await CLI.run(["stats", "--json"], queue: f.path).json()
        #expect((stats["by_kind"] as? [String: Int])?["log"] == 1)
        let human = try await CLI.run(["stats"], queue: f.path)
        #expect(human.lines.contains { $0.hasPrefix("  log") && $0.contains(" 1 ") }, "\(human)")

        let list = try await CLI.run(["list", "--kind", "log"], queue: f.path)
        #expect(list.exitCode == 0, "\(list)")
        let rows = list.lines.dropFirst().dropLast()
        #expect(rows.count == 1)
        #expect(rows.first?.contains(" log ") == true && rows.first?.hasSuffix("cart loaded for customer 7") == true, "\(list)")
        #expect(list.lines.last == "1 of 1 log events, newest first")
    }
}
