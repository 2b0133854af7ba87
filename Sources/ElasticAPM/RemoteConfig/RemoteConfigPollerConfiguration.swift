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

/// How the config thread paces its polls and where it caches; the defaults are the agent spec's.
struct RemoteConfigPollerConfiguration: Sendable {
    /// The shortest wait between two polls, whatever `Cache-Control: max-age` says (spec: 5 s).
    var minimumInterval: Duration = .seconds(5)
    /// The wait when the answer has no valid `max-age`, and after an error or when the
    /// feature is unavailable (spec: 5 min).
    var fallbackInterval: Duration = .seconds(300)
    /// Whether the configuration is cached in the queue file (`remote_config` table); an agent
    /// keeping its events in memory has no cache.
    var cachesInQueueFile = true

    /// The wait before the next poll after an answer with `maxAge` seconds (`nil`: none or invalid).
    func interval(maxAge: Int?) -> Duration {
        guard let maxAge else { return max(fallbackInterval, minimumInterval) }
        return max(.seconds(maxAge), minimumInterval)
    }
}
