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

import APMTransport
import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and how to reach APM Server: command-line options, each falling back to the agent's
/// `ELASTIC_APM_*` environment variable, then to the agent's default.
struct ServerOptions: ParsableArguments {
    @Option(
        name: .customLong("server-url"),
        help: ArgumentHelp("APM Server (default: $ELASTIC_APM_SERVER_URL, else \(Self.defaultServerURL)).", valueName: "url"))
    var serverURL: String?

    @Option(help: ArgumentHelp("Secret token (default: $ELASTIC_APM_SECRET_TOKEN).", valueName: "token"))
    var secretToken: String?

    @Option(
        help: ArgumentHelp(
            "API key, base64 of id:key; wins over the secret token (default: $ELASTIC_APM_API_KEY).", valueName: "key"))
    var apiKey: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Verify the server's TLS certificate (default: $ELASTIC_APM_VERIFY_SERVER_CERT, else verify).")
    var verifyServerCert: Bool?

    @Option(
        name: .customLong("server-ca-cert-file"),
        help: ArgumentHelp(
            "PEM file of CA certificates to trust as well (default: $ELASTIC_APM_SERVER_CA_CERT_FILE).", valueName: "path"))
    var serverCACertFile: String?

    /// The agent's default server URL.
    static let defaultServerURL = "http://127.0.0.1:8200"
    /// The agent's default timeout of one request.
    static let defaultServerTimeout: Duration = .seconds(5)

    /// The client settings for `serviceName`, with the per-request timeout
    /// (`$ELASTIC_APM_SERVER_TIMEOUT`, else 5 s) cut to `limit`.
    ///
    /// - Throws: a usage failure naming the variable when an environment value is invalid.
    func clientConfiguration(
        serviceName: String, agentVersion: String, limit: Duration
    ) throws(CommandFailure) -> IntakeClientConfiguration {
        var verify = true
        if let verifyServerCert {
            verify = verifyServerCert
        } else if let raw = Self.environment("ELASTIC_APM_VERIFY_SERVER_CERT") {
            switch raw.lowercased() {
            case "true": verify = true
            case "false": verify = false
            default: throw .usage("ELASTIC_APM_VERIFY_SERVER_CERT: expected true or false, got '\(raw)'")
            }
        }
        var timeout = Self.defaultServerTimeout
        if let raw = Self.environment("ELASTIC_APM_SERVER_TIMEOUT") {
            guard let span = TimeSpan(argument: raw), span.microseconds > 0 else {
                throw .usage("ELASTIC_APM_SERVER_TIMEOUT: expected a duration such as 5s or 500ms, got '\(raw)'")
            }
            timeout = span.duration
        }
        return IntakeClientConfiguration(
            serverURL: serverURL ?? Self.environment("ELASTIC_APM_SERVER_URL") ?? Self.defaultServerURL,
            secretToken: secretToken ?? Self.environment("ELASTIC_APM_SECRET_TOKEN"),
            apiKey: apiKey ?? Self.environment("ELASTIC_APM_API_KEY"),
            serviceName: serviceName,
            agentVersion: agentVersion,
            verifyServerCert: verify,
            serverCACertFile: serverCACertFile ?? Self.environment("ELASTIC_APM_SERVER_CA_CERT_FILE"),
            serverCert: Self.environment("ELASTIC_APM_SERVER_CERT"),
            serverTimeout: max(.milliseconds(100), min(timeout, limit)))
    }

    /// The value of the environment variable `name`, `nil` when unset or empty.
    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
