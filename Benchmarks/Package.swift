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

// The benchmark suite lives in its own package so that users of ElasticAPM never resolve its
// dependencies. Run it with `swift run -c release --package-path Benchmarks apm-bench`.
let package = Package(
    name: "apm-agent-swift-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "apm-agent-swift", path: ".."),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The Swift peer, measured side by side. Spans go to an exporter that discards them; only the
        // OTLP/HTTP trait is on (swift-otel 1.6.0 does not compile on Linux without one, and the
        // gRPC one would build grpc-swift for nothing).
        .package(url: "https://github.com/swift-otel/swift-otel.git", exact: "1.6.0", traits: ["OTLPHTTP"]),
        // The overhead benchmark's server (`--only overhead`): a Hummingbird 2 service under wrk.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // Counts malloc calls made while counting is switched on (allocations per span).
        .target(name: "CMallocCounter"),
        // Debian's libsqlite3, used directly for the raw-row baseline the queue is measured against.
        .systemLibrary(name: "CSQLiteRaw", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "apm-bench",
            dependencies: [
                "CMallocCounter",
                "CSQLiteRaw",
                .product(name: "ElasticAPM", package: "apm-agent-swift"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
