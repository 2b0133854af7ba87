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

/// A resolved code address: its frame, or `nil` for code the traces leave out (thunks).
struct ResolvedAddress {
    var frame: StackFrame?
}

/// Resolved frames by code address, bounded (see ``GenerationalCache``).
typealias FrameCache = GenerationalCache<UInt64, ResolvedAddress>
