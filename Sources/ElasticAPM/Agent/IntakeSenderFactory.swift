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
import APMTransport
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the sender for an agent from its settings.
enum IntakeSenderFactory {
    /// How long claimed blocks stay reserved for this process: longer than the slowest request, so
    /// blocks of a sender that crashed are claimed again after it.
    static let lease: Duration = .seconds(60)

    /// The sender draining `queue_path` to `server_url`, or `nil` (logged) when the client settings are unusable.
    static func make(settings: AgentSettings, environment: [String: String], logger: Logger) -> IntakeSender? {
        let client = clientConfiguration(settings: settings, environment: environment)
        let configuration = IntakeSenderConfiguration(
            client: client, apiRequestSize: Int(settings.apiRequestSize), apiRequestTime: settings.apiRequestTime)
        let options = QueueOptions(
            maxBytes: settings.queueMaxBytes, maxAge: settings.queueMaxAge,
            durability: settings.queueDurability == .strict ? .strict : .batched)
        let source = EventQueueReader(path: settings.resolvedQueuePath, options: options, owner: leaseOwner(), lease: lease)
        do {
            return try IntakeSender(source: source, configuration: configuration, logger: logger)
        } catch {
            logger.error("Elastic APM agent cannot send to \(settings.serverURL): \(error); events stay in the queue")
            return nil
        }
    }

    /// How to reach `server_url` (credentials, TLS, timeout, proxy from `environment`); the
    /// sender and the config thread use the same.
    static func clientConfiguration(settings: AgentSettings, environment: [String: String]) -> IntakeClientConfiguration {
        IntakeClientConfiguration(
            serverURL: settings.serverURL, secretToken: settings.secretToken, apiKey: settings.apiKey,
            serviceName: settings.serviceName, serviceVersion: settings.serviceVersion,
            agentVersion: MetadataCollector.agentVersion, verifyServerCert: settings.verifyServerCert,
            serverCACertFile: settings.serverCACertFile, serverCert: settings.serverCert,
            serverTimeout: settings.serverTimeout,
            environment: environment)
    }

    /// A lease owner id unique to this sender: host, process id and a random part.
    static func leaseOwner() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return "\(host)/\(getpid())/\(APMSpanID.random().hexString.prefix(8))"
    }
}

extension AgentSettings {
    /// `queue_path`, or the default location.
    var resolvedQueuePath: String { queuePath ?? EventQueue.defaultPath }
}
