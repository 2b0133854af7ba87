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
import ArgumentParser

/// `apm-queue config`: the central (remote) configuration the agents cached in the queue.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the cached central configuration of each service and environment.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object with a `configs` array.")
    var json = false

    func run() throws {
        let queue = try global.openCurrent()
        let now = EventQueue.now()
        let configs: [CachedRemoteConfig]
        do throws(QueueError) {
            configs = try queue.remoteConfigs()
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        if json {
            Console.out(JSONValue.object(["configs": .array(configs.map { Self.json($0, now: now) })]).compact)
            return
        }
        guard !configs.isEmpty else {
            Console.out("no cached central configuration")
            return
        }
        for (index, config) in configs.enumerated() {
            if index > 0 { Console.out() }
            Console.out(Self.human(config, now: now))
        }
    }

    static func json(_ config: CachedRemoteConfig, now: Int64) -> JSONValue {
        let (settings, error) = EventJSON.parsed(config.body)
        var members: [JSONValue.Member] = [
            .init(key: "service", value: .string(config.serviceName)),
            .init(key: "environment", value: .string(config.environment)),
            .init(key: "etag", value: .string(config.etag)),
            .init(key: "settings", value: settings),
            .init(key: "fetched_at", value: .int(config.fetchedAt)),
            .init(key: "age_seconds", value: .seconds(microseconds: now - config.fetchedAt)),
            .init(key: "max_age_seconds", value: .int(config.maxAge)),
            .init(key: "applied_at", value: .int(config.appliedAt)),
        ]
        if let error { members.append(.init(key: "body_error", value: .string(error))) }
        return .object(members)
    }

    static func human(_ config: CachedRemoteConfig, now: Int64) -> [String] {
        var lines = [
            HumanFormat.field("service", config.serviceName),
            HumanFormat.field("environment", config.environment.isEmpty ? "(none)" : config.environment),
            HumanFormat.field("etag", config.etag ?? "(none)"),
            HumanFormat.field("fetched", HumanFormat.timeAndAge(config.fetchedAt, now: now)),
            HumanFormat.field("max age", config.maxAge.map { HumanFormat.age(microseconds: $0 * 1_000_000) } ?? "(none)"),
            HumanFormat.field("applied", config.appliedAt.map { HumanFormat.timeAndAge($0, now: now) } ?? "never"),
            "settings",
        ]
        let (settings, error) = EventJSON.parsed(config.body)
        if let error {
            lines.append("  (not valid JSON: \(error))")
        } else {
            lines += settings.pretty.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        return lines
    }
}
