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

import APMStore
import APMTestSupport
import Foundation
import Subprocess
import Testing
@testable import ElasticAPM

/// End to end with `../shared/tools/intake-oracle --agent-config FILE --config-max-age N`.
@Suite("Central configuration against the intake oracle", .serialized, .timeLimit(.minutes(2)), .childProcesses)
struct CentralConfigOracleTests {
    @Test(
        "the oracle's agent configuration is applied, cached, and then answered with 304",
        .enabled(
            if: IntakeOracle.isAvailable,
            "../shared/tools/intake-oracle or python3 with jsonschema not found: oracle check skipped"))
    func oracle() async throws {
        let oracle = try #require(IntakeOracle.executable)
        let directory = FileManager.default.temporaryDirectory.appending(path: "apm-central-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configFile = directory.appending(path: "agent-config.json")
        let portFile = directory.appending(path: "port")
        try Data(#"{"central-svc": {"transaction_sample_rate": "0.25", "capture_body": "all"}}"#.utf8).write(to: configFile)
        let (status, path) = try await withChild(
            "/usr/bin/env",
            [
                "python3", oracle.path, "--port", "0", "--port-file", portFile.path, "--agent-config", configFile.path,
                "--config-max-age", "1", "--max-seconds", "110",
            ]
        ) { server in
            defer { try? server.send(signal: .kill) }
            #expect(await eventually { FileManager.default.fileExists(atPath: portFile.path) })
            let port = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

            let path = directory.appending(path: "queue.sqlite").path
            let subject = CentralConfigAgent(
                serverURL: "http://127.0.0.1:\(port)", queuePath: path, minimumInterval: .milliseconds(200)
            ) {
                $0.logLevel = .trace
            }
            #expect(await eventually { subject.agent.settings.transactionSampleRate == 0.25 })
            #expect(subject.agent.settings.captureBody == .all)
            #expect(await eventually { subject.logs.count(containing: "Central config: unchanged") >= 2 })
            await subject.agent.close(timeout: .seconds(2))
            return path
        }
        #expect(status == .signaled(SIGKILL))
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let cached = try #require(try queue.remoteConfig(serviceName: "central-svc", environment: "test"))
        let settings = try JSONSerialization.jsonObject(with: Data(cached.body)) as? [String: String]
        #expect(settings == ["transaction_sample_rate": "0.25", "capture_body": "all"])
        #expect(cached.maxAge == 1)
    }
}
