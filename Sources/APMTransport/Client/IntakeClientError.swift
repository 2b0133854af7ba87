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

import APMStore

/// Why an intake client could not be created or a request could not be built.
///
/// No case carries the secret token, the API key or a proxy password.
package enum IntakeClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server URL is not an absolute `http` or `https` URL with a host.
    case invalidServerURL(String)
    /// The proxy taken from the environment is not a plain `http://host[:port]` URL.
    case unsupportedProxy(String)
    /// The CA certificate file could not be read as PEM.
    case unreadableCACertificate(path: String, reason: String)
    /// The request body could not be compressed.
    case compressionFailed(GzipError)
    /// The client was shut down before the request.
    case shutDown

    /// A sentence naming the problem.
    package var description: String {
        switch self {
        case .invalidServerURL(let url):
            "invalid APM Server URL '\(url)': expected http(s)://host[:port][/path]"
        case .unsupportedProxy(let proxy):
            "unsupported proxy '\(proxy)': only http://host[:port] proxies are supported"
        case .unreadableCACertificate(let path, let reason):
            "cannot read the server CA certificate file '\(path)': \(reason)"
        case .compressionFailed(let error):
            error.description
        case .shutDown:
            "the intake client has been shut down"
        }
    }
}
