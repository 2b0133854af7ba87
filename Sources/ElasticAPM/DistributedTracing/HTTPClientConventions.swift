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

/// OpenTelemetry HTTP client attributes mapped to an `external`/`http` span with `context.http`, named
/// `<METHOD> <host>` when the library named it after the method only (AsyncHTTPClient does).
///
/// The URL is `url.full` (`http.url`), else it is rebuilt from the scheme (`url.scheme`, `http.scheme`), the
/// host (`http.host`, else the network peer), `url.path` (`http.target`) and `url.query`; the service target
/// is that URL's `host:port`, as the bridge spec describes.
enum HTTPClientConventions {
    /// Type `external`, subtype `http`; `context.http` (URL, method, status code) and the peer as destination.
    static func shape(_ attributes: BridgedAttributes, peer: NetworkPeer) -> (SpanTypeName, APMSpanContext) {
        var context = APMSpanContext(
            http: APMHTTPClientContext(
                url: url(attributes, peer: peer), method: HTTPAttributes.method(attributes),
                statusCode: HTTPAttributes.statusCode(attributes)),
            destinationAddress: peer.address, destinationPort: peer.port)
        if context.http?.url == nil, let netName = peer.netName {
            context.serviceTargetType = "http"
            context.serviceTargetName = netName
        }
        return (SpanTypeName(type: "external", subtype: "http"), context)
    }

    /// The request URL, given or rebuilt from its parts.
    static func url(_ attributes: BridgedAttributes, peer: NetworkPeer) -> String? {
        if let full = attributes.string(.urlFull, .httpURL) { return full }
        guard let scheme = attributes.string(.urlScheme, .httpScheme) else { return nil }
        var path = attributes.string(.urlPath)
        var query = attributes.string(.urlQuery)
        if path == nil, let target = attributes.string(.httpTarget) {
            let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            path = String(parts[0])
            if parts.count > 1 { query = query ?? String(parts[1]) }
        }
        if let host = attributes.string(.httpHost) {
            let split = HostPort(host)
            return HostPort.url(scheme: scheme, host: split.host, port: split.port, path: path, query: query)
        }
        guard let address = peer.address else { return nil }
        return HostPort.url(
            scheme: scheme, host: address, port: peer.port.flatMap { $0 > 0 ? $0 : nil }, path: path,
            query: query)
    }

    /// `<METHOD> <host>` when `operationName` is empty or just the method, else `operationName`.
    static func spanName(operationName: String, method: String?, url: String?, peer: NetworkPeer) -> String {
        guard let method, operationName.isEmpty || operationName == method else { return operationName }
        let host = url.flatMap(ServiceTargetInference.hostAndPort(ofURL:)).map { HostPort($0).host } ?? peer.address
        guard let host else { return operationName.isEmpty ? method : operationName }
        return method + " " + host
    }
}
