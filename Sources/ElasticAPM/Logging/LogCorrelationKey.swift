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

/// The ECS field names log correlation adds to swift-log metadata (see
/// ``APMAgent/logMetadataProvider-swift.type.property``).
enum LogCorrelationKey {
    static let traceID = "trace.id"
    static let transactionID = "transaction.id"
    static let spanID = "span.id"

    /// Whether `key` is one of them: the agent sends these as event fields, never as labels or custom context.
    static func contains(_ key: String) -> Bool {
        key == traceID || key == transactionID || key == spanID
    }
}
