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

/// A span's context (database, HTTP, messaging, destination) behind one reference: the span's
/// state and the ended span carry a pointer instead of the large value most spans do not have.
final class SharedSpanContext: Sendable {
    /// The context.
    let value: APMSpanContext

    init(_ value: APMSpanContext) {
        self.value = value
    }
}
