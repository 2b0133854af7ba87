// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "apm-agent-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ElasticAPM", targets: ["ElasticAPM"]),
        .library(name: "APMStore", targets: ["APMStore"]),
        .executable(name: "apm-demo", targets: ["apm-demo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        // Debian's libsqlite3 (libsqlite3-dev), seen through a small shim header.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Build-time tool and plugin that embed migrations/NNNN_name.sql into APMStore.
        .executableTarget(name: "apm-embed-migrations"),
        .plugin(name: "EmbedMigrationsPlugin", capability: .buildTool(), dependencies: ["apm-embed-migrations"]),
        .target(name: "APMStore", dependencies: ["CSQLite"], plugins: ["EmbedMigrationsPlugin"]),
        .target(
            name: "ElasticAPM",
            dependencies: [
                "APMStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "apm-demo",
            dependencies: [
                "ElasticAPM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test-only helpers: child processes (kill -9, multi-process tests) and built-binary lookup.
        .target(name: "APMTestSupport"),
        // Child process used by the store's multi-process and kill -9 tests.
        .executableTarget(name: "apm-store-fixture", dependencies: ["APMStore"]),
        .testTarget(name: "APMStoreTests", dependencies: ["APMStore", "APMTestSupport", "apm-store-fixture"]),
        .testTarget(
            name: "ElasticAPMTests",
            dependencies: [
                "ElasticAPM", "APMStore", "APMTestSupport", "apm-demo",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
