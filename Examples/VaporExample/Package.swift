// swift-tools-version: 6.1
import PackageDescription

// An example Vapor 4 service traced by the Elastic APM agent (see the README section "Vapor").
// Build: swift build --package-path Examples/VaporExample
let package = Package(
    name: "VaporExample",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "apm-agent-swift", path: "../.."),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "VaporExample",
            dependencies: [
                .product(name: "ElasticAPM", package: "apm-agent-swift"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
