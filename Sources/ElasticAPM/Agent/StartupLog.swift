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

/// The start-up preamble the logging spec requires: agent version first, then every option with
/// its value (quoted, secrets masked) and where it came from.
enum StartupLog {
    /// The build configuration the agent was compiled in.
    static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    static func write(settings: AgentSettings, sources: [String: ConfigSource], warnings: [String], logger: Logger) {
        logger.info(
            "Elastic APM agent for Swift \(MetadataCollector.agentVersion) (\(buildConfiguration) build, Swift \(MetadataCollector.swiftVersion), \(MetadataCollector.platform())/\(MetadataCollector.architecture()))"
        )
        for warning in warnings { logger.warning("\(warning)") }
        guard logger.logLevel <= .debug else {
            logger.info(
                "Agent Configuration: server_url='\(settings.serverURL)' service_name='\(settings.serviceName)' service_version='\(settings.serviceVersion ?? "")' log_level='\(settings.logLevel)'"
            )
            return
        }
        logger.debug("Agent Configuration:")
        for option in ConfigOptions.all() {
            let value = option.isSecret ? (option.describe(settings).isEmpty ? "" : "[REDACTED]") : option.describe(settings)
            logger.debug("- \(option.name): '\(value)' (\(sources[option.name]?.rawValue ?? "default"))")
        }
    }
}
