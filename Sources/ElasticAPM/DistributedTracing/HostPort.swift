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

/// A `host[:port]` value (`http.host`, `net.peer.name` with `net.peer.port`), and URLs built from parts.
struct HostPort {
    /// The host; IPv6 literals keep their brackets.
    var host: String
    /// The port, when given.
    var port: Int?

    /// Splits `host:port`; a bracketed IPv6 literal keeps its brackets, a bare one is taken as a host.
    init(_ text: String) {
        if text.hasPrefix("["), let close = text.lastIndex(of: "]") {
            host = String(text[...close])
            let rest = text[text.index(after: close)...]
            port = rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon,
            let number = Int(text[text.index(after: colon)...])
        {
            host = String(text[..<colon])
            port = number
        } else {
            host = text
            port = nil
        }
    }

    /// `scheme://host[:port][path][?query]`, with brackets around a bare IPv6 host.
    static func url(scheme: String, host: String, port: Int?, path: String?, query: String?) -> String {
        var url = scheme + "://"
        url += host.contains(":") && !host.hasPrefix("[") ? "[" + host + "]" : host
        if let port { url += ":" + String(port) }
        if let path { url += path.hasPrefix("/") ? path : "/" + path }
        if let query { url += "?" + query }
        return url
    }
}
