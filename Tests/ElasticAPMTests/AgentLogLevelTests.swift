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

import Logging
import APMTestSupport
import Testing
@testable import ElasticAPM

@Suite("The agent's log level")
struct AgentLogLevelTests {
    @Test("every copy of the agent's logger follows log_level when the settings change")
    func followsSettings() {
        let logs = LogCapture()
        var configuration = APMAgent.Configuration(serviceName: "log-level-test")
        configuration.metricsInterval = .zero
        configuration.logLevel = .warning
        let store = InMemoryQueueWriter()
        let agent = APMAgent(
            configuration: configuration, environment: [:], ndjsonMirrorPath: nil,
            logHandler: logs.handler
        ) { _, _ in store }
        let core = agent.core!
        let copy = core.logger
        copy.info("before")
        var settings = core.snapshot.settings
        settings.logLevel = .debug
        core.update(settings)
        #expect(copy.logLevel == .debug)
        copy.debug("after")
        var fixed = copy
        fixed.logLevel = .error
        fixed.warning("fixed value")
        #expect(core.logger.logLevel == .debug)
        #expect(logs.messages().filter { ["before", "after", "fixed value"].contains($0) } == ["after"])
        agent.closeBlocking()
    }
}
