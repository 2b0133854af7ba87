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

/// OpenTelemetry HTTP server attributes (current and legacy names) mapped to a transaction's name, result,
/// `context.request` and `context.response`.
///
/// Read: `http.request.method` (`http.method`), `http.route`, `http.response.status_code`
/// (`http.status_code`), `url.full` (`http.url`), `url.scheme` (`http.scheme`), `url.path` and `url.query`
/// (`http.target`), `server.address`/`server.port` (`http.host`, `net.host.name`/`net.host.port`),
/// `network.protocol.version` (`http.flavor`), `client.address` (`network.peer.address`,
/// `net.sock.peer.addr`, `net.peer.ip`) and the `http.request.header.<name>`/`http.response.header.<name>`
/// attributes.
enum HTTPServerConventions {
    /// The transaction result, `HTTP 2xx` for a 2xx status.
    static func result(statusCode: Int) -> String {
        switch statusCode / 100 {
        case 1: "HTTP 1xx"
        case 2: "HTTP 2xx"
        case 3: "HTTP 3xx"
        case 4: "HTTP 4xx"
        case 5: "HTTP 5xx"
        default: "HTTP \(statusCode / 100)xx"
        }
    }

    /// Operation names frameworks give a request no route matched: Hummingbird's `HTTP GET route not found`
    /// and `NotFound`, Vapor's `vapor_route_undefined`.
    private static func isUnmatchedRoutePlaceholder(_ name: String, method: String) -> Bool {
        name.isEmpty || name == method || name == "NotFound" || name == "vapor_route_undefined"
            || name == "HTTP \(method) route not found"
    }

    /// The transaction name: `GET /users/:id` from the method and `http.route`, `GET unknown route` when the
    /// framework found no route, else the span's operation name.
    ///
    /// Route templates are written with `:name` parameters, the form Vapor and Hummingbird routes are declared
    /// in (Hummingbird reports whole-segment captures as `{name}`).
    static func transactionName(method: String, route: String?, operationName: String) -> String {
        if let route, route.utf8.first == UInt8(ascii: "/") {
            return method + " " + colonParameters(route)
        }
        if isUnmatchedRoutePlaceholder(route ?? operationName, method: method) {
            return method + " unknown route"
        }
        return operationName
    }

    /// `route` with each whole `{name}` segment written as `:name`, built in one pass over the segments.
    static func colonParameters(_ route: String) -> String {
        guard route.utf8.contains(UInt8(ascii: "{")) else { return route }
        var route = route
        // ASCII routes (all of them in practice): one pass over the bytes, characters and bytes being the same.
        if let rewritten = route.withUTF8(asciiColonParameters) { return rewritten }
        var result = ""
        result.reserveCapacity(route.utf8.count)
        var start = route.startIndex
        while true {
            let end = route[start...].firstIndex(of: "/") ?? route.endIndex
            let segment = route[start..<end]
            if segment.count > 2, segment.first == "{", segment.last == "}",
                !segment.dropFirst().dropLast().contains(where: { $0 == "{" || $0 == "}" })
            {
                result.append(":")
                result.append(contentsOf: segment.dropFirst().dropLast())
            } else {
                result.append(contentsOf: segment)
            }
            guard end < route.endIndex else { return result }
            result.append("/")
            start = route.index(after: end)
        }
    }

    /// ``colonParameters(_:)`` over the bytes of an ASCII route; `nil` when the route is not ASCII.
    private static func asciiColonParameters(_ route: UnsafeBufferPointer<UInt8>) -> String? {
        guard route.allSatisfy({ $0 < 0x80 }) else { return nil }
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), slash = UInt8(ascii: "/")
        // Each rewritten segment loses one byte, so the result fits in the route's length.
        return String(unsafeUninitializedCapacity: route.count) { output in
            var written = 0
            var start = 0
            while true {
                var end = start
                while end < route.count, route[end] != slash { end += 1 }
                var from = start, to = end
                if end - start > 2, route[start] == open, route[end - 1] == close,
                    !route[(start + 1)..<(end - 1)].contains(where: { $0 == open || $0 == close })
                {
                    output[written] = UInt8(ascii: ":")
                    written += 1
                    from += 1
                    to -= 1
                }
                for index in from..<to {
                    output[written] = route[index]
                    written += 1
                }
                guard end < route.count else { return written }
                output[written] = slash
                written += 1
                start = end + 1
            }
        }
    }

    /// `context.request` from the attributes (headers from `http.request.header.*`).
    static func request(method: String, _ attributes: BridgedAttributes) -> APMRequestContext {
        var pathname = attributes.string(.urlPath)
        var search = attributes.string(.urlQuery)
        if pathname == nil, let target = attributes.string(.httpTarget) {
            let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            pathname = String(parts[0])
            if parts.count > 1, search == nil { search = String(parts[1]) }
        }
        let scheme = attributes.string(.urlScheme, .httpScheme)
        var hostname = attributes.string(.serverAddress, .netHostName)
        var port = attributes.int(.serverPort, .netHostPort)
        if hostname == nil, let host = attributes.string(.httpHost) {
            let split = HostPort(host)
            hostname = split.host
            port = port ?? split.port
        }
        var full = attributes.string(.urlFull, .httpURL)
        if full == nil, let scheme, let hostname {
            full = HostPort.url(scheme: scheme, host: hostname, port: port, path: pathname, query: search)
        }
        return APMRequestContext(
            method: method,
            url: APMURLParts(full: full, scheme: scheme, hostname: hostname, port: port, pathname: pathname, search: search),
            httpVersion: attributes.string(.networkProtocolVersion, .httpFlavor),
            headers: HTTPHeaderAttributes.headers(attributes, prefix: HTTPHeaderAttributes.requestPrefix),
            remoteAddress: attributes.string(.clientAddress, .networkPeerAddress, .netSockPeerAddr, .netPeerIP))
    }

    /// `context.response` from the status code and `http.response.header.*`, or `nil` when neither is set.
    static func response(statusCode: Int?, _ attributes: BridgedAttributes) -> APMResponseContext? {
        let headers = HTTPHeaderAttributes.headers(attributes, prefix: HTTPHeaderAttributes.responsePrefix)
        guard statusCode != nil || !headers.isEmpty else { return nil }
        var merged: [String: String] = [:]
        for header in headers {
            if let existing = merged[header.name] {
                merged[header.name] = existing + ", " + header.value
            } else {
                merged[header.name] = header.value
            }
        }
        return APMResponseContext(statusCode: statusCode, headers: merged, finished: statusCode != nil ? true : nil)
    }
}
