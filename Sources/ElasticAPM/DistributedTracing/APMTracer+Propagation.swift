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

public import Instrumentation

extension APMTracer {
    /// Reads `traceparent` (else the legacy `elastic-apm-traceparent`) and `tracestate` from `carrier` into
    /// `context`: the next span started with it becomes a transaction continuing that trace. A missing or
    /// malformed `traceparent` leaves `context` unchanged, so a new trace starts.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext,
        using extractor: Extract
    ) where Extract.Carrier == Carrier {
        let value =
            extractor.extract(key: APMTraceParent.headerName, from: carrier)
            ?? extractor.extract(key: APMTraceParent.legacyHeaderName, from: carrier)
        guard let value,
            let parent = APMTraceParent(
                string: value,
                traceState: extractor.extract(key: APMTraceParent.traceStateHeaderName, from: carrier),
                baggage: extractor.extract(key: Baggage.headerName, from: carrier))
        else { return }
        context[RemoteParentKey.self] = parent
        context[ActiveContextKey.self] = nil
    }

    /// Writes `traceparent`, `tracestate` (with the `es=` sampling member) and `baggage` for the span in
    /// `context`, else for an extracted remote parent, else for the agent's current transaction or span;
    /// with `use_elastic_traceparent_header` (the default) also the legacy `elastic-apm-traceparent`.
    /// A disabled or closed agent writes only an extracted remote parent, unchanged.
    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier,
        using injector: Inject
    ) where Inject.Carrier == Carrier {
        let traceParent: APMTraceParent
        if let active = context[ActiveContextKey.self] ?? (context[RemoteParentKey.self] == nil ? ActiveContext.agentBound : nil)
        {
            guard let propagated = active.span?.traceParent ?? active.transaction.traceParent else { return }
            traceParent = propagated
        } else if let remote = context[RemoteParentKey.self] {
            traceParent = remote
        } else {
            return
        }
        let header = traceParent.headerValue
        injector.inject(header, forKey: APMTraceParent.headerName, into: &carrier)
        if agent?.activeCore?.snapshot.settings.useElasticTraceparentHeader ?? false {
            injector.inject(header, forKey: APMTraceParent.legacyHeaderName, into: &carrier)
        }
        if let traceState = traceParent.traceState.headerValue {
            injector.inject(traceState, forKey: APMTraceParent.traceStateHeaderName, into: &carrier)
        }
        if let baggage = traceParent.baggage.headerValue {
            injector.inject(baggage, forKey: Baggage.headerName, into: &carrier)
        }
    }
}
