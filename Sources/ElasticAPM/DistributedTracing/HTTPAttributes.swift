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

import Tracing

/// The HTTP attributes servers and clients share: method (`http.request.method`, legacy `http.method`) and
/// status code (`http.response.status_code`, legacy `http.status_code`, which AsyncHTTPClient 1.37 sets).
enum HTTPAttributes {
    /// The request method, e.g. `GET`.
    static func method(_ attributes: BridgedAttributes) -> String? {
        attributes.string(.httpRequestMethod, .httpMethod)
    }

    /// The response status code.
    static func statusCode(_ attributes: BridgedAttributes) -> Int? {
        attributes.int(.httpResponseStatusCode, .httpStatusCode)
    }

    /// Whether the attributes describe an HTTP exchange.
    static func isHTTP(_ attributes: BridgedAttributes) -> Bool {
        attributes.contains(anyOf: keys)
    }

    /// The attributes any of which makes a span an HTTP one.
    static let keys = BridgedAttributeKey.Set(
        .httpRequestMethod, .httpMethod, .urlFull, .httpURL, .urlScheme, .httpScheme, .httpRoute,
        .httpResponseStatusCode, .httpStatusCode)
}
