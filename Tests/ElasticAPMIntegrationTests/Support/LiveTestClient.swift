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

import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A logger that drops everything: Hummingbird and the service group stay quiet in test output.
let quietLogger = Logger(label: "integration-test") { _ in SwiftLogNoOpLogHandler() }

extension TestClientProtocol {
    /// Sends a request for `uri` (a path with an optional query) to the application under test
    /// and collects the response.
    ///
    /// With HummingbirdTesting's `.live` framework the application runs on loopback in a child
    /// task of `test(_:_:)`, so it inherits task-locals such as the tracer bound with
    /// `withTracer(_:_:)`; this client is not traced.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> ClientResponse {
        let response = try await executeRequest(
            uri: uri, method: method, headers: headers,
            body: body.map { ByteBuffer(string: $0) })
        return ClientResponse(status: Int(response.status.code), body: String(buffer: response.body))
    }
}
