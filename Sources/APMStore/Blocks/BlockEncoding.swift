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

/// How a block's body is stored (`blocks.encoding`).
enum BlockEncoding: Int64 {
    /// The lines as they are: blocks moved from schema 3, one event each.
    case identity = 0
    /// Concatenated gzip members.
    case gzip = 1
}
