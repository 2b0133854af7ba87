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

/// The HTTP request a transaction handled (`context.request`).
public struct APMRequestContext: Sendable, Hashable {
    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The full URL, e.g. `https://example.com:8080/users/1?q=1`.
    public var url: APMURLParts
    /// The HTTP version, e.g. `1.1`.
    public var httpVersion: String?
    /// Request headers; values of sensitive names are redacted by `sanitize_field_names`.
    public var headers: [(name: String, value: String)]
    /// Cookies parsed from the `Cookie` header, redacted like headers.
    public var cookies: [String: String]
    /// The captured body (only when `capture_body` allows it); sanitised form fields for URL-encoded bodies.
    public var body: String?
    /// The peer address.
    public var remoteAddress: String?
    /// Whether the connection was TLS.
    public var encrypted: Bool?

    /// Creates a request context.
    public init(
        method: String, url: APMURLParts, httpVersion: String? = nil, headers: [(name: String, value: String)] = [],
        cookies: [String: String] = [:], body: String? = nil, remoteAddress: String? = nil, encrypted: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.httpVersion = httpVersion
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.remoteAddress = remoteAddress
        self.encrypted = encrypted
    }

    /// Field-wise equality (headers compared in order).
    public static func == (lhs: APMRequestContext, rhs: APMRequestContext) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.httpVersion == rhs.httpVersion
            && lhs.headers.elementsEqual(rhs.headers, by: { $0.name == $1.name && $0.value == $1.value })
            && lhs.cookies == rhs.cookies && lhs.body == rhs.body && lhs.remoteAddress == rhs.remoteAddress
            && lhs.encrypted == rhs.encrypted
    }

    /// Hashes the method and URL.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
    }
}

/// The parts of a request URL, as the intake `context.request.url` object.
public struct APMURLParts: Sendable, Hashable {
    /// The full URL.
    public var full: String?
    /// `http` or `https` (without the colon on input; the encoder adds it).
    public var scheme: String?
    /// The host name.
    public var hostname: String?
    /// The port.
    public var port: Int?
    /// The path, e.g. `/users/1`.
    public var pathname: String?
    /// The query string without the leading `?`.
    public var search: String?

    /// Creates URL parts.
    public init(
        full: String? = nil, scheme: String? = nil, hostname: String? = nil, port: Int? = nil,
        pathname: String? = nil, search: String? = nil
    ) {
        self.full = full
        self.scheme = scheme
        self.hostname = hostname
        self.port = port
        self.pathname = pathname
        self.search = search
    }
}

/// The HTTP response of a transaction (`context.response`).
public struct APMResponseContext: Sendable, Hashable {
    /// The status code.
    public var statusCode: Int?
    /// Response headers (sanitised).
    public var headers: [String: String]
    /// Whether the response was sent completely.
    public var finished: Bool?

    /// Creates a response context.
    public init(statusCode: Int? = nil, headers: [String: String] = [:], finished: Bool? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.finished = finished
    }
}
