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

/// What the per-event API (``EventQueue/claim(owner:maxEvents:maxBytes:lease:now:)``) knows of a
/// block it handed out line by line: which lines were delivered and which were rejected. The
/// block leaves the queue once every line is settled.
struct EventLease {
    var owner: String
    var lines: Int
    var acknowledged: Set<Int> = []
    var rejected: [Int: String?] = [:]
    var status = 0

    var isSettled: Bool { acknowledged.count + rejected.count >= lines }
}
