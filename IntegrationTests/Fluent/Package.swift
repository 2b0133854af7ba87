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

// FluentKit and its SQLite driver are heavy: they live only in this test package, which depends on the
// agent by path. `.ci/run` runs `swift test --package-path IntegrationTests/Fluent`.
let package = Package(
    name: "apm-agent-swift-fluent-tests",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "apm-agent-swift", path: "../.."),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .testTarget(
            name: "FluentIntegrationTests",
            dependencies: [
                .product(name: "ElasticAPM", package: "apm-agent-swift"),
                .product(name: "ElasticAPMTesting", package: "apm-agent-swift"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
