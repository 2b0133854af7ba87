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

@testable import ElasticAPM
import Instrumentation
import Tracing

/// A `[String: String]` carrier for `inject`/`extract`.
struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

/// Reads a `[String: String]` carrier.
struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

extension APMTracer {
    /// Starts a span with `context` (the tracer's own defaults for time and call site).
    func start(_ name: String, kind: SpanKind = .internal, context: ServiceContext = .topLevel) -> APMTracerSpan {
        startSpan(name, context: context, ofKind: kind)
    }

    /// A context carrying the trace parent `header` (and `tracestate`), as a server's middleware extracts it.
    func extracted(_ headers: [String: String]) -> ServiceContext {
        var context = ServiceContext.topLevel
        extract(headers, into: &context, using: DictionaryExtractor())
        return context
    }
}

extension APMTracerSpan {
    /// Sets several attributes at once, as `updateAttributes` does.
    func set(_ values: [String: SpanAttribute]) {
        updateAttributes { attributes in
            for (key, value) in values { attributes.set(key, value: value) }
        }
    }
}

extension [String: Any] {
    /// `otel.attributes` of an encoded event.
    var otelAttributes: [String: Any] { self[path: "otel.attributes"] as? [String: Any] ?? [:] }
}
