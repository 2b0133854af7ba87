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

extension APMTransaction {
    /// Applies what an ``APMTracerSpan`` decided for its transaction, under one lock: type, OpenTelemetry
    /// fields, links added after the start, HTTP context (`transaction_ignore_urls` applies) and outcome
    /// (an outcome the user set still wins).
    func applyBridged(
        type: String, otel: OTelFields?, links: [APMSpanLink], request: APMRequestContext?,
        response: APMResponseContext?, outcome: APMOutcome
    ) {
        let ignored = request.map { core?.snapshot.settings.transactionIgnoreURLs.matches($0.url.pathname ?? "") ?? false }
        state.withLock { state in
            state.type = type
            state.otel = otel
            state.addedLinks = links
            if let request { state.request = request }
            if let ignored { state.ignored = ignored }
            if let response { state.response = response }
            state.agentOutcome = outcome
        }
    }

    /// Sets the HTTP context known so far while the transaction runs, so errors captured meanwhile carry it;
    /// the end of the span sets it again with the final attributes.
    func applyBridged(request: APMRequestContext?, response: APMResponseContext?) {
        state.withLock { state in
            if let request { state.request = request }
            if let response { state.response = response }
        }
    }

    /// Makes `span` the tracer span this transaction is (see ``refreshBridgedFields()``).
    func attachBridgingSpan(_ span: APMTracerSpan) {
        state.withLock { $0.bridgingSpan = span }
    }

    /// For a transaction begun through ``APMTracer``: maps the attributes set so far to the type, name and HTTP
    /// context, so an error captured, or a caller reading them, while the transaction runs sees them. Attribute
    /// updates themselves map nothing: a server span's attributes change several times per request.
    func refreshBridgedFields() {
        guard let span = state.withLock({ $0.ended ? nil : $0.bridgingSpan }) else { return }
        span.bringTransactionUpToDate()
    }

    /// Sets the type, and the name unless the user renamed the transaction (its name is no longer
    /// `replacing`), while the transaction runs, so errors captured meanwhile report them. Returns whether
    /// the name was set.
    func applyBridged(type: String, name: String, replacing: String) -> Bool {
        state.withLock { state in
            state.type = type
            guard state.name == replacing else { return false }
            state.name = name
            return true
        }
    }
}
