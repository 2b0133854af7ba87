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

/// A causal link from a transaction or span to another trace's span (intake `links`).
public struct APMSpanLink: Sendable, Hashable {
    /// The linked trace.
    var traceID: APMTraceID
    /// The linked span or transaction.
    var spanID: APMSpanID

    /// Creates a link.
    init(traceID: APMTraceID, spanID: APMSpanID) {
        self.traceID = traceID
        self.spanID = spanID
    }

    /// A link to the span a trace parent names.
    public init(_ traceParent: APMTraceParent) {
        self.init(traceID: traceParent.traceID, spanID: traceParent.parentID)
    }
}
