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
import NIOCore
import NIOHTTP1

/// Runs `body` with a new HTTP client and shuts it down afterwards.
///
/// A `traced` client takes the tracer that is active where it is created (AsyncHTTPClient reads
/// `InstrumentationSystem.tracer` when its configuration is made); an untraced one (the test's own
/// requests) creates no spans and injects no headers.
nonisolated(nonsending) func withHTTPClient<T>(traced: Bool, _ body: (HTTPClient) async throws -> T) async throws -> T {
    var configuration = HTTPClient.Configuration()
    if !traced { configuration.tracing.tracer = nil }
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// A response status and body as the test client saw them.
struct ClientResponse {
    /// The status code.
    var status: Int
    /// The body as UTF-8 text.
    var body: String
}

extension HTTPClient {
    /// Sends a request to `url` and collects the response (up to 1 MiB).
    func send(
        _ method: HTTPMethod = .GET, _ url: String, headers: [(String, String)] = [],
        body: String? = nil
    ) async throws -> ClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await execute(request, timeout: .seconds(10))
        let collected = try await response.body.collect(upTo: 1 << 20)
        return ClientResponse(status: Int(response.status.code), body: String(buffer: collected))
    }
}
