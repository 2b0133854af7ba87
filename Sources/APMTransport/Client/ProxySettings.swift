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

import Foundation

/// The HTTP proxy the intake client goes through, taken from the environment the way curl
/// and Go read it.
///
/// `HTTPS_PROXY` applies to `https` server URLs and `HTTP_PROXY` to `http` ones (upper case
/// first, then lower case). `NO_PROXY` lists hosts reached directly: `*` for all, a host
/// name that also covers its subdomains (a leading `.` or `*.` is allowed), or an exact IP
/// address, each optionally with `:port`. The proxy password never appears in descriptions.
package struct ProxySettings: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The proxy host.
    package var host: String
    /// The proxy port, 80 when the URL names none.
    package var port: Int
    /// The user name for basic proxy authentication, if the URL carries one.
    package var username: String?
    /// The password for basic proxy authentication, if the URL carries one.
    package var password: String?

    /// Creates proxy settings.
    package init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// The proxy for requests to `serverURL`, or `nil` when none is configured or
    /// `NO_PROXY` excludes the server.
    ///
    /// - Throws: ``IntakeClientError/unsupportedProxy(_:)`` when the proxy URL is not a
    ///   plain `http://` URL with a host.
    package static func resolve(for serverURL: URL, environment: [String: String]) throws(IntakeClientError) -> ProxySettings? {
        let scheme = serverURL.scheme?.lowercased() ?? "http"
        let names = scheme == "https" ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"]
        guard let raw = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else {
            return nil
        }
        let exclusions = environment["NO_PROXY"] ?? environment["no_proxy"] ?? ""
        if let host = serverURL.host, excludes(exclusions, host: host, port: serverURL.port ?? (scheme == "https" ? 443 : 80)) {
            return nil
        }
        let text = raw.contains("://") ? raw : "http://" + raw
        guard let components = URLComponents(string: text),
            components.scheme?.lowercased() == "http",
            let host = components.host, !host.isEmpty
        else {
            throw .unsupportedProxy(Self.withoutCredentials(raw))
        }
        return ProxySettings(
            host: host,
            port: components.port ?? 80,
            username: components.user,
            password: components.password
        )
    }

    /// Whether the `NO_PROXY` list `exclusions` covers `host:port`.
    package static func excludes(_ exclusions: String, host: String, port: Int) -> Bool {
        let host = normalized(host)
        for rawEntry in exclusions.split(separator: ",") {
            var entry = rawEntry.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" {
                return true
            }
            if let colon = entry.lastIndex(of: ":"), !entry.hasSuffix("]"), entry.firstIndex(of: ":") == colon {
                guard Int(entry[entry.index(after: colon)...]) == port else {
                    continue
                }
                entry = String(entry[..<colon])
            }
            entry = normalized(entry)
            while entry.hasPrefix("*") || entry.hasPrefix(".") {
                entry.removeFirst()
            }
            if !entry.isEmpty, host == entry || host.hasSuffix("." + entry) {
                return true
            }
        }
        return false
    }

    /// The proxy as `host:port`, noting whether credentials are set.
    package var description: String {
        "\(host):\(port)" + (username == nil ? "" : " (with credentials)")
    }

    /// A mirror that shows the password only as `[REDACTED]`.
    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host,
                "port": port,
                "username": username as Any,
                "password": password == nil ? "unset" : "[REDACTED]",
            ],
            displayStyle: .struct
        )
    }

    private static func normalized(_ host: String) -> String {
        host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }

    private static func withoutCredentials(_ raw: String) -> String {
        guard let at = raw.lastIndex(of: "@") else {
            return raw
        }
        let start = raw.range(of: "://")?.upperBound ?? raw.startIndex
        return raw.replacingCharacters(in: start..<raw.index(after: at), with: "")
    }
}
