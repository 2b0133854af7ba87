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
import Foundation
import Hummingbird
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// The overhead benchmark's server: a Hummingbird 2 service whose one route does what an instrumented
/// handler does (an internal `withSpan` and a database client `withSpan` with `db.system` and a
/// statement, which yields where a query would wait), behind `TracingMiddleware`. `apm-bench --overhead-server MODE SINKURL DIRECTORY` runs it
/// on a free loopback port, prints `port N`, serves until SIGTERM, then prints `report CAPTURED DROPPED`.
///
/// MODE is `off` (no tracer: the middleware and `withSpan` meet the no-op tracer), `on` (the agent,
/// configured by the `ELASTIC_APM_*` environment the parent sets, `instrument()`ed, delivering to the
/// sink) or `otel` (swift-otel 1.6 bootstrapped with its defaults, exporting OTLP/HTTP protobuf to the
/// sink).
enum OverheadServer {
    static func run(mode: String, sinkURL: String, queueDirectory: URL) async throws {
        var logger = Logger(label: "overhead")
        logger.logLevel = .warning
        var agent: APMAgent?
        var services: [any Service] = []
        let otelDrops = OTelBenchmarks.DropCounter()
        switch mode {
        case "on":
            var configuration = APMAgent.Configuration(serviceName: "overhead")
            configuration.serverURL = sinkURL
            configuration.queuePath = queueDirectory.appending(path: "overhead-\(UUID().uuidString).sqlite").path
            configuration.centralConfig = false
            let started = APMAgent.start(configuration)
            started.instrument()
            agent = started
        case "otel":
            var configuration = OTel.Configuration.default
            configuration.serviceName = "overhead"
            configuration.metrics.enabled = false
            configuration.logs.enabled = false
            configuration.traces.otlpExporter.endpoint = sinkURL + "/v1/traces"
            configuration.traces.otlpExporter.protocol = .httpProtobuf
            configuration.diagnosticLogger = .custom(
                Logger(label: "swift-otel") { _ in OTelBenchmarks.DropCountingHandler(counter: otelDrops) })
            configuration.diagnosticLogLevel = .warning
            services.append(try OTel.bootstrap(configuration: configuration))
        default:
            break
        }

        let router = Router()
        router.add(middleware: TracingMiddleware())
        router.get("/work") { _, _ -> String in
            let total = withSpan("render") { span in
                span.attributes["items"] = 3
                return (1...3).reduce(0, +)
            }
            await withSpan("SELECT users", ofKind: .client) { span in
                span.attributes["db.system"] = "postgresql"
                span.attributes["db.namespace"] = "shop"
                span.attributes["db.query.text"] = "SELECT id, name FROM users WHERE id = $1"
                // Where the query would wait for the database.
                await Task.yield()
            }
            return "ok \(total)"
        }
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            services: services,
            onServerRunning: { channel in
                print("port \(channel.localAddress?.port ?? 0)")
                fflush(nil)
            },
            logger: logger)
        // Ends by itself if the parent never stops it.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(600))
            exit(2)
        }
        try await application.runService(gracefulShutdownSignals: [.sigterm])
        watchdog.cancel()
        if let agent {
            let statistics = agent.statistics
            print("report \(statistics.capturedTotal) \(statistics.droppedTotal)")
            await agent.close(timeout: .seconds(5))
        } else {
            print("report 0 \(otelDrops.total)")
        }
        fflush(nil)
    }
}
