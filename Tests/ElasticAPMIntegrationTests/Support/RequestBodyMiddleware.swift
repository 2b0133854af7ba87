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
import Hummingbird

/// Attaches each request's body to the current transaction, as the README shows for Hummingbird.
///
/// Place it after `TracingMiddleware` (so the transaction is current). The body is read only when
/// `capture_body` is not `off` and the request declares a `Content-Length` of at most `maxBytes`; the
/// collected body stays available to the route. Whether it is sent is decided by `capture_body`.
struct RequestBodyMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let agent: APMAgent
    var maxBytes = 64 * 1024

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard agent.captureBody != .off,
            let length = request.headers[.contentLength].flatMap({ Int($0) }), length <= maxBytes
        else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: maxBytes)
        agent.setRequestBody(String(buffer: body))
        return try await next(request, context)
    }
}
