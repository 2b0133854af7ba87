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

import ElasticAPM

/// What a checkout request does: validate, price and reserve concurrently, store the order, call
/// the payment service.
struct CheckoutWorkload: Sendable {
    let agent: APMAgent
    let spansPerTransaction: Int

    /// The payment service rejected the card.
    struct PaymentDeclined: Error, CustomStringConvertible {
        let order: Int
        var description: String { "payment declined for order \(order)" }
    }

    func checkout(order: Int, fail: Bool, message: Bool) async {
        let incoming = APMTraceParent(string: "00-\(APMTraceID.random().hexString)-\(APMSpanID.random().hexString)-01")
        await agent.withTransaction("POST /checkout", type: "request", traceParent: incoming) { transaction in
            transaction.setRequest(
                APMRequestContext(
                    method: "POST",
                    url: APMURLParts(
                        full: "https://shop.example.com/checkout?step=2", scheme: "https",
                        hostname: "shop.example.com", port: 443, pathname: "/checkout", search: "step=2"),
                    httpVersion: "1.1",
                    headers: [(name: "Content-Type", value: "application/json"), (name: "Authorization", value: "Bearer secret")])
            )
            agent.label(["order_id": .number(Double(order)), "express": .bool(order % 2 == 0), "region": "eu-1"])
            transaction.setCustomContext(["cart": ["items": 3, "currency": "EUR"]])
            transaction.setUser(
                APMUserContext(
                    id: "\(order % 7)", username: "customer\(order % 7)",
                    email: "customer\(order % 7)@example.com"))

            agent.captureSpan("validate cart", type: "app.internal") { _ in
                agent.captureSpan("apply price rules", type: "app.internal") { _ in busyWork(200) }
            }
            async let inventory: Void = agent.captureSpan("reserve inventory", type: "app.internal") { _ in
                await Task.yield()
                busyWork(100)
            }
            async let pricing: Void = agent.captureSpan("fetch prices", type: "app.internal") { _ in
                await Task.yield()
                busyWork(100)
            }
            _ = await (inventory, pricing)
            for query in 0..<(spansPerTransaction - 5) {
                agent.captureSpan("SELECT FROM order_lines_\(query)", type: "db.postgresql.query", leaf: true) { span in
                    span.setContext(
                        APMSpanContext(
                            db: APMDatabaseContext(
                                instance: "shop", statement: "SELECT * FROM order_lines_\(query) WHERE order_id = $1", type: "sql"
                            )))
                    busyWork(50)
                }
            }
            if message {
                agent.captureMessage(
                    paramMessage: "Checkout for customer %s started, %d items", params: ["customer\(order % 7)", 3], level: .info)
            }
            agent.captureSpan("POST payments.example.com", type: "external.http", leaf: true) { span in
                span.setContext(
                    APMSpanContext(
                        http: APMHTTPClientContext(url: "https://payments.example.com/charge", method: "POST"),
                        destinationAddress: "payments.example.com", destinationPort: 443))
                _ = span.traceParent?.headerValue  // sent as the `traceparent` header of the outgoing request
                busyWork(100)
                span.setOutcome(httpStatusCode: fail ? 402 : 200)
            }
            if fail {
                agent.captureError(PaymentDeclined(order: order), custom: ["order": .int(Int64(order))])
                transaction.setResponse(
                    APMResponseContext(statusCode: 402, headers: ["Content-Type": "application/json"], finished: true))
                transaction.setResult("HTTP 4xx")
            } else {
                transaction.setResponse(
                    APMResponseContext(statusCode: 200, headers: ["Content-Type": "application/json"], finished: true))
                transaction.setResult("HTTP 2xx")
            }
        }
    }
}

/// Burns a little CPU so spans have realistic, non-zero durations.
@inline(never)
func busyWork(_ iterations: Int) {
    var value: UInt64 = 1
    for index in 0..<iterations { value = value &* 6364136223846793005 &+ UInt64(index) }
    if value == 42 { print("") }
}
