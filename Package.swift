// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "apm-agent-swift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ElasticAPM", targets: ["ElasticAPM"]),
        .executable(name: "apm-demo", targets: ["apm-demo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "ElasticAPM",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "apm-demo",
            dependencies: [
                "ElasticAPM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ElasticAPMTests",
            dependencies: ["ElasticAPM"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
