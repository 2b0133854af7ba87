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

/// Extra context for a captured error or message (the Python agent's `context` argument).
public struct APMErrorContext: Sendable {
    /// The user affected.
    public var user: APMUserContext?
    /// The HTTP request being handled.
    public var request: APMRequestContext?
    /// The HTTP response.
    public var response: APMResponseContext?
    /// Labels for this error only.
    public var labels: [String: APMLabelValue]

    /// Creates an error context.
    public init(
        user: APMUserContext? = nil, request: APMRequestContext? = nil, response: APMResponseContext? = nil,
        labels: [String: APMLabelValue] = [:]
    ) {
        self.user = user
        self.request = request
        self.response = response
        self.labels = labels
    }
}
