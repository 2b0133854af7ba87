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

/// What an ``APMTracerSpan`` decides when its Elastic span ends: the name, type and context inferred from the
/// attributes, the outcome from the span status and status codes, the OpenTelemetry fields and links added after
/// the start.
struct BridgedSpanEnd: Sendable {
    /// The span name.
    var name: String
    /// The inferred `type`, `subtype` and `action`.
    var typeName: SpanTypeName
    /// `context.db`/`http`/`message`, destination and service target, replacing any set before (`nil`: none
    /// inferred, the context set before stays); boxed once, as the span keeps it.
    var context: SharedSpanContext?
    /// The bridged outcome; only an outcome the user set on the Elastic span wins over it.
    var outcome: APMOutcome
    /// `otel.span_kind` and `otel.attributes`.
    var otel: OTelFields?
    /// Links added with ``APMTracerSpan/addLink(_:)``.
    var links: [APMSpanLink]
}
