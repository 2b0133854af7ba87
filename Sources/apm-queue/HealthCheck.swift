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

/// One line of `apm-queue check`: what was checked, how it went, and the details.
struct HealthCheck {
    /// How a check went.
    enum Status: String {
        case ok
        case warn
        case fail
    }

    var name: String
    var status: Status
    var detail: String

    /// `{"name": ..., "status": ..., "detail": ...}`.
    var json: JSONValue {
        .object(["name": .string(name), "status": .string(status.rawValue), "detail": .string(detail)])
    }
}
