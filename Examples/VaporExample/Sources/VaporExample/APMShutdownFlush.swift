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

import ElasticAPM
import Vapor

/// Flushes the agent when Vapor shuts down: what is still queued is sent within the timeout,
/// the rest stays in the queue file for the next start.
struct APMShutdownFlush: LifecycleHandler {
    let agent: APMAgent
    var timeout: Duration = .seconds(5)

    func shutdownAsync(_ application: Application) async {
        let report = await agent.close(timeout: timeout)
        if !report.completed {
            application.logger.warning("APM events not delivered within \(timeout) stay in the queue file for the next start")
        }
    }
}
