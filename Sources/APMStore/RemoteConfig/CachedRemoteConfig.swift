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

/// The last central configuration fetched for a service/environment (`remote_config` table).
package struct CachedRemoteConfig: Sendable, Equatable {
    /// `service.name` the configuration was fetched for.
    package var serviceName: String
    /// `service.environment`, "" when the agent has none.
    package var environment: String
    /// The response's ETag, sent back as If-None-Match.
    package var etag: String?
    /// The response body (JSON object of settings), opaque to the store.
    package var body: [UInt8]
    /// When it was fetched, µs since the Unix epoch.
    package var fetchedAt: Int64
    /// Cache-Control max-age of the response, in seconds (nil if none).
    package var maxAge: Int64?
    /// When the agent last applied it, µs since the Unix epoch (nil if never).
    package var appliedAt: Int64?

    /// Creates a value to store or compare.
    package init(
        serviceName: String, environment: String, etag: String?, body: [UInt8], fetchedAt: Int64, maxAge: Int64? = nil,
        appliedAt: Int64? = nil
    ) {
        self.serviceName = serviceName
        self.environment = environment
        self.etag = etag
        self.body = body
        self.fetchedAt = fetchedAt
        self.maxAge = maxAge
        self.appliedAt = appliedAt
    }
}
