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

/// Request and response headers recorded as span attributes (`http.request.header.<name>`,
/// `http.response.header.<name>`). They become `context.request.headers`/`context.response.headers`, so
/// `capture_headers` and `sanitize_field_names` apply, and are never copied to `otel.attributes`.
enum HTTPHeaderAttributes {
    /// The prefix of request header attributes.
    static let requestPrefix = "http.request.header."
    /// The prefix of response header attributes.
    static let responsePrefix = "http.response.header."

    /// Whether `key` names a header attribute.
    static func isHeader(_ key: String) -> Bool {
        key.hasPrefix(requestPrefix) || key.hasPrefix(responsePrefix)
    }

    /// The headers under `prefix`, one entry per value. Hummingbird writes `-` in names as `_`; it is
    /// turned back into `-`.
    static func headers(_ attributes: BridgedAttributes, prefix: String) -> [(name: String, value: String)] {
        // The one pass over the attributes noted whether there are any.
        guard prefix == requestPrefix ? attributes.hasRequestHeaders : attributes.hasResponseHeaders else { return [] }
        var headers: [(name: String, value: String)] = []
        attributes.forEach { key, value in
            guard key.hasPrefix(prefix) else { return }
            let name = String(key.dropFirst(prefix.count)).replacingUnderscores()
            for text in SpanAttributes.texts(of: value) { headers.append((name: name, value: text)) }
        }
        headers.sort { $0.name < $1.name }
        return headers
    }
}

private extension String {
    func replacingUnderscores() -> String {
        guard utf8.contains(UInt8(ascii: "_")) else { return self }
        return String(decoding: utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }
}
