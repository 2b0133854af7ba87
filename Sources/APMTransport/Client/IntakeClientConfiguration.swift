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

/// Everything the intake client needs to reach APM Server.
///
/// The description, debug description and mirror of a configuration never show the secret
/// token or the API key.
package struct IntakeClientConfiguration: Sendable {
    /// The APM Server base URL, such as `http://localhost:8200`; a path prefix is kept.
    package var serverURL: String
    /// The secret token sent as `Authorization: Bearer …` when no API key is set.
    package var secretToken: String?
    /// The API key (`base64(id:key)`) sent as `Authorization: ApiKey …`; wins over the token.
    package var apiKey: String?
    /// The service name shown in the `User-Agent` header.
    package var serviceName: String
    /// The service version shown in the `User-Agent` header, when set.
    package var serviceVersion: String?
    /// The agent's own version, the `apm-agent-swift/<version>` part of the `User-Agent`.
    package var agentVersion: String
    /// Whether the server's TLS certificate is verified; `false` accepts any certificate.
    package var verifyServerCert: Bool
    /// A PEM file whose certificates are trusted as roots in addition to the system's.
    package var serverCACertFile: String?
    /// A PEM file with the certificate the server must present (`server_cert`, pinning): it
    /// replaces the system's trust roots, and the host name is not checked.
    package var serverCert: String?
    /// The connect, read and write timeout of every request.
    package var serverTimeout: Duration
    /// The environment read for `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (and their lower
    /// case forms).
    package var environment: [String: String]

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - serverURL: The APM Server base URL.
    ///   - secretToken: The secret token, if any.
    ///   - apiKey: The API key, if any; it wins over the secret token.
    ///   - serviceName: The service name for the `User-Agent` header.
    ///   - serviceVersion: The service version for the `User-Agent` header.
    ///   - agentVersion: The agent version for the `User-Agent` header.
    ///   - verifyServerCert: Whether to verify the server certificate.
    ///   - serverCACertFile: A PEM file of extra trusted roots.
    ///   - serverCert: A PEM file with the only certificate accepted (pinning).
    ///   - serverTimeout: The connect, read and write timeout.
    ///   - environment: Where proxy settings are read from.
    package init(
        serverURL: String = "http://localhost:8200",
        secretToken: String? = nil,
        apiKey: String? = nil,
        serviceName: String,
        serviceVersion: String? = nil,
        agentVersion: String,
        verifyServerCert: Bool = true,
        serverCACertFile: String? = nil,
        serverCert: String? = nil,
        serverTimeout: Duration = .seconds(5),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.serverURL = serverURL
        self.secretToken = secretToken
        self.apiKey = apiKey
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
        self.agentVersion = agentVersion
        self.verifyServerCert = verifyServerCert
        self.serverCACertFile = serverCACertFile
        self.serverCert = serverCert
        self.serverTimeout = serverTimeout
        self.environment = environment
    }

    /// The `Authorization` value: `ApiKey <key>` if an API key is set, else
    /// `Bearer <token>` if a secret token is set, else `nil`.
    var authorizationHeader: String? {
        if let apiKey, !apiKey.isEmpty {
            return "ApiKey \(apiKey)"
        }
        if let secretToken, !secretToken.isEmpty {
            return "Bearer \(secretToken)"
        }
        return nil
    }

    /// `text` with every occurrence of the secret token and the API key replaced, for
    /// anything that came from the network and is about to be logged or stored.
    func redacted(_ text: String) -> String {
        [apiKey, secretToken]
            .compactMap { $0 }
            .filter { !$0.isEmpty }
            .reduce(text) { $0.replacingOccurrences(of: $1, with: "[REDACTED]") }
    }
}

extension IntakeClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The settings with the secret token and API key shown only as set or not set.
    package var description: String {
        let secrets =
            "secretToken: \(secretToken == nil ? "unset" : "[REDACTED]"), "
            + "apiKey: \(apiKey == nil ? "unset" : "[REDACTED]")"
        return "IntakeClientConfiguration(serverURL: \(serverURL), \(secrets), "
            + "serviceName: \(serviceName), serviceVersion: \(serviceVersion ?? "unset"), "
            + "verifyServerCert: \(verifyServerCert), serverTimeout: \(serverTimeout))"
    }

    /// The same text as ``description``.
    package var debugDescription: String {
        description
    }

    /// A mirror that shows the secrets only as `[REDACTED]`.
    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "serverURL": serverURL,
                "secretToken": secretToken == nil ? "unset" : "[REDACTED]",
                "apiKey": apiKey == nil ? "unset" : "[REDACTED]",
                "serviceName": serviceName,
                "serviceVersion": serviceVersion as Any,
                "agentVersion": agentVersion,
                "verifyServerCert": verifyServerCert,
                "serverCACertFile": serverCACertFile as Any,
                "serverCert": serverCert as Any,
                "serverTimeout": serverTimeout,
            ],
            displayStyle: .struct
        )
    }
}
