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

import Instrumentation

/// The agent's transaction and span that a `ServiceContext` carries: set on the context of every
/// ``APMTracerSpan``, read by ``APMTracer`` (local parent) and by the agent's current-context lookup.
enum ActiveContextKey: ServiceContextKey {
    typealias Value = ActiveContext
    static var nameOverride: String? { "elastic-apm-active-context" }
}

/// A trace parent extracted from incoming `traceparent`/`tracestate` headers by ``APMTracer``'s `extract`:
/// the next span started with that context becomes a transaction continuing the trace.
enum RemoteParentKey: ServiceContextKey {
    typealias Value = APMTraceParent
    static var nameOverride: String? { "elastic-apm-remote-parent" }
}
