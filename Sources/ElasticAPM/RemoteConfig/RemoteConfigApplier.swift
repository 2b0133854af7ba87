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

/// Applies central configuration on top of the local one (code, environment, defaults) and
/// reports what it did. Confined to the config thread.
struct RemoteConfigApplier {
    private let resolver: ConfigurationResolver
    private let core: AgentCore
    /// Unsupported names already reported, so each is reported once.
    private var reportedUnsupported: Set<String> = []

    init(resolver: ConfigurationResolver, core: AgentCore) {
        self.resolver = resolver
        self.core = core
    }

    /// Merges `remote` (option name → value in environment-variable syntax) over the local
    /// configuration and swaps the live settings atomically when anything changed.
    ///
    /// An invalid value is reported (`Central config failure. Invalid value for <key>: <reason>`)
    /// and that option keeps its local value while the other keys apply; unknown and
    /// non-dynamic names are reported once (`Central config failure. Unsupported config
    /// names: …`). A key the server no longer sends reverts to its local value. Each changed
    /// option is logged once at info level, after the swap, so a `log_level` change already
    /// governs those lines. Returns where each option's value now comes from.
    @discardableResult
    mutating func apply(_ remote: [String: String]) -> [String: ConfigSource] {
        let resolution = resolver.resolve(remote: remote, warn: { _ in })
        let logger = core.logger
        for (key, reason) in resolution.invalidRemoteKeys {
            logger.warning("Central config failure. Invalid value for \(key): \(reason)")
        }
        let unsupported = resolution.unsupportedRemoteKeys.filter { !reportedUnsupported.contains($0) }
        if !unsupported.isEmpty {
            reportedUnsupported.formUnion(unsupported)
            logger.warning("Central config failure. Unsupported config names: \(unsupported.joined(separator: ", "))")
        }
        let previous = core.snapshot.settings
        let changes = ConfigOptions.all().filter(\.isDynamic).compactMap { option -> String? in
            let before = option.describe(previous)
            let after = option.describe(resolution.settings)
            return before == after ? nil : "Central config: \(option.name) '\(before)' → '\(after)'"
        }
        if !changes.isEmpty {
            core.update(resolution.settings)
            for change in changes { logger.info("\(change)") }
        }
        return resolution.sources
    }
}
