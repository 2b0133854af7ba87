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

import AsyncHTTPClient
import ElasticAPM
import Tracing
import Vapor

/// A Vapor 4 service traced by the Elastic APM agent.
///
/// The agent reads its configuration from `ELASTIC_APM_*` environment variables
/// (`ELASTIC_APM_SERVER_URL`, `ELASTIC_APM_SERVICE_NAME`, …). `agent.instrument()` makes it the
/// process's swift-distributed-tracing tracer, so Vapor's `TracingMiddleware` turns each request into
/// a transaction and AsyncHTTPClient's requests into exit spans that carry `traceparent`.
///
/// Run: `swift run VaporExample serve --hostname 127.0.0.1 --port 8080`, then
/// `curl http://127.0.0.1:8080/users/42`.
@main
enum Entrypoint {
    static func main() async throws {
        let agent = APMAgent.start(APMAgent.Configuration(serviceName: "vapor-example"))
        // Before anything creates an HTTPClient: AsyncHTTPClient takes the tracer when its configuration is made.
        agent.instrument()

        let app = try await Application.make(try Environment.detect())
        app.lifecycle.use(APMShutdownFlush(agent: agent))
        app.middleware.use(TracingMiddleware(), at: .beginning)

        app.get("health") { _ in "ok" }
        app.get("users", ":id") { request async throws -> String in
            let id = try request.parameters.require("id")
            let port = request.application.http.server.configuration.port
            // Vapor keeps the request's trace context in `request.serviceContext`; bind it for the outgoing call.
            let upstream = try await ServiceContext.withValue(request.serviceContext) {
                try await request.application.http.client.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(5))
            }
            return "user \(id) (health check answered \(upstream.status.code))"
        }

        do {
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
