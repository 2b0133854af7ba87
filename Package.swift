// swift-tools-version: 6.1
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

import PackageDescription

let package = Package(
    name: "apm-agent-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ElasticAPM", targets: ["ElasticAPM"]),
        // An in-memory agent for the tests of instrumented applications and libraries.
        .library(name: "ElasticAPMTesting", targets: ["ElasticAPMTesting"]),
        .executable(name: "apm-demo", targets: ["apm-demo"]),
        .executable(name: "apm-queue", targets: ["apm-queue"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // Only for ElasticAPMTests: the name-clash check imports ServiceContextModule by name.
        .package(url: "https://github.com/apple/swift-service-context.git", from: "1.5.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Only for ElasticAPMIntegrationTests: a real Hummingbird 2 server in the integration tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // `swift package generate-documentation --target ElasticAPM` (the DocC catalog; CI builds it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
        // Only for the tests' child processes (kill -9, several processes, the CLI, the intake oracle).
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // Debian's libsqlite3 (libsqlite3-dev), seen through a small shim header.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Build-time tool and plugin that embed migrations/NNNN_name.sql into APMStore.
        .executableTarget(name: "apm-embed-migrations"),
        .plugin(name: "EmbedMigrationsPlugin", capability: .buildTool(), dependencies: ["apm-embed-migrations"]),
        // The bottom of the agent: the clock, the condition lock and the worker thread every module shares.
        .target(name: "APMRuntime"),
        // Stack traces in C: the application thread's capture (a frame-pointer walk with no symbol
        // lookups, bounded by the thread's stack) and the agent thread's ELF/DWARF reader (symbol
        // tables and line programs read with pread, never mapped, so they do not count in RSS).
        .target(name: "CAPMBacktrace"),
        // Debian's zlib (zlib1g-dev): the queue stores blocks as gzip members.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "APMStore", dependencies: ["APMRuntime", "CSQLite", "CZlib"], plugins: ["EmbedMigrationsPlugin"]),
        .target(
            name: "APMTransport",
            dependencies: [
                "APMRuntime",
                "APMStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ElasticAPM",
            dependencies: [
                "APMRuntime",
                "CAPMBacktrace",
                "APMStore",
                "APMTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Imports are internal unless marked `public import`: `import ElasticAPM` exposes only
            // the modules its public API uses (Logging, Tracing, Instrumentation, CoreMetrics,
            // ServiceLifecycle, Foundation), never APMStore, APMTransport or NIO.
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "ElasticAPMTesting",
            dependencies: ["ElasticAPM"],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "apm-demo",
            dependencies: [
                "ElasticAPM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The queue CLI: stats, list, show, export/import, purge, flush, config, dead letters, check.
        .executableTarget(
            name: "apm-queue",
            dependencies: [
                "APMRuntime",
                "APMStore",
                "APMTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test-only helpers: child processes run to completion, built-binary lookup, and the
        // loopback APM Server stand-in (intake and agent configuration endpoints).
        .target(
            name: "APMTestSupport",
            dependencies: [
                "APMRuntime",
                "CZlib",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Child process used by the store's multi-process and kill -9 tests.
        .executableTarget(name: "apm-store-fixture", dependencies: ["APMStore", "CSQLite"]),
        // Child process of the stack-trace tests: peak RSS around its first symbolicated trace.
        .executableTarget(name: "apm-stack-fixture", dependencies: ["ElasticAPM"]),
        .testTarget(name: "APMRuntimeTests", dependencies: ["APMRuntime"]),
        .testTarget(name: "APMStoreTests", dependencies: ["APMStore", "APMTestSupport", "apm-store-fixture"]),
        .testTarget(
            name: "APMTransportTests",
            dependencies: [
                "APMRuntime",
                "APMTransport",
                "APMStore",
                "APMTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ElasticAPMTests",
            dependencies: [
                "ElasticAPM", "ElasticAPMTesting", "APMRuntime", "APMStore", "APMTransport", "APMTestSupport", "apm-demo",
                "apm-stack-fixture",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "APMQueueTests",
            dependencies: [
                "APMStore", "APMTestSupport", "apm-queue",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        // Framework integration through swift-distributed-tracing: Hummingbird 2 servers on loopback
        // (HummingbirdTesting's live framework), outgoing AsyncHTTPClient requests, and graceful
        // shutdown in a ServiceGroup.
        .testTarget(
            name: "ElasticAPMIntegrationTests",
            dependencies: [
                "ElasticAPM",
                "APMTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
