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

import APMTestSupport
import Foundation
import Testing

/// `apm-demo`'s progress output (issue 15, finding 11): in place on a terminal, as lines only when
/// asked with `--progress`, nothing into a pipe otherwise.
@Suite("apm-demo output", .serialized)
struct DemoOutputTests {
    private func runDemo(_ extra: [String]) async throws -> FinishedChild {
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-demo-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await runToCompletion(
            try TestBinaries.path(of: "apm-demo"), ["--transactions", "3", "--flush-timeout", "0"] + extra,
            environment: [
                "ELASTIC_APM_QUEUE_PATH": directory.appending(path: "queue.sqlite").path,
                "ELASTIC_APM_SERVER_URL": "http://127.0.0.1:9", "ELASTIC_APM_LOG_LEVEL": "off",
            ])
    }

    @Test("into a pipe the demo prints only its summary; --progress adds captured=N lines")
    func progressLines() async throws {
        let quiet = try await runDemo([])
        #expect(!quiet.outputText.contains("captured="), "\(quiet.outputText)")
        #expect(quiet.outputText.contains("transactions"))
        let progress = try await runDemo(["--progress"])
        #expect(progress.outputLines.contains { $0.hasPrefix("captured=") })
    }
}
