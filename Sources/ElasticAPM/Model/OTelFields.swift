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

import Tracing

/// The intake `otel` object of a transaction or span begun through ``APMTracer``: the span kind and the
/// OpenTelemetry attributes, copied as they were set (APM Server maps the semantic-convention ones again).
///
/// Request and response header attributes (`http.request.header.*`, `http.response.header.*`) are left out
/// when encoding: they are reported as `context.request.headers`/`context.response.headers`, where
/// `capture_headers` and `sanitize_field_names` apply.
struct OTelFields: Sendable {
    /// `CLIENT`, `SERVER`, `PRODUCER`, `CONSUMER` or `INTERNAL`.
    var spanKind: String
    /// The span's attributes; converted to JSON on the writer thread.
    var attributes: SpanAttributes
}
