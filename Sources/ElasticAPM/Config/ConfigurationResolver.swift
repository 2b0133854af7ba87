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

/// Where an option's effective value came from (the start-up log reports it per option).
enum ConfigSource: String, Sendable {
    /// The agent's default.
    case `default`
    /// ``APMAgent.Configuration`` in code.
    case code
    /// An `ELASTIC_APM_*` environment variable.
    case environment
    /// Central configuration from APM Server (live or cached).
    case central
}

/// Merges defaults < code < environment < remote into ``AgentSettings``.
///
/// An invalid value is reported through `warn` and the next lower source is used, as the spec
/// requires. Unknown or non-dynamic remote keys are reported too.
struct ConfigurationResolver {
    /// The result of a merge.
    struct Resolution {
        var settings: AgentSettings
        var sources: [String: ConfigSource]
        /// Remote keys that are unknown or not dynamic.
        var unsupportedRemoteKeys: [String]
        /// Remote keys whose value was invalid, with the reason.
        var invalidRemoteKeys: [(key: String, reason: String)]
    }

    let code: APMAgent.Configuration
    let environment: [String: String]

    /// Merges, warning about every invalid code or environment value.
    func resolve(remote: [String: String] = [:], warn: (String) -> Void) -> Resolution {
        var settings = AgentSettings()
        var sources: [String: ConfigSource] = [:]
        var invalidRemote: [(key: String, reason: String)] = []
        let options = ConfigOptions.all()
        for option in options {
            var source = ConfigSource.default
            do {
                if try option.applyCode(code, &settings) { source = .code }
            } catch {
                warn("Invalid value for '\(option.name)' in code configuration: \(error.message); using the default")
            }
            if let raw = code.options[option.name] {
                do {
                    try option.applyString(raw, &settings)
                    source = .code
                } catch {
                    let shown = option.isSecret ? "[REDACTED]" : raw
                    warn("Invalid value '\(shown)' for '\(option.name)' in code configuration: \(error.message)")
                }
            }
            if let raw = environment[option.environmentName] {
                do {
                    try option.applyString(raw, &settings)
                    source = .environment
                } catch {
                    let shown = option.isSecret ? "[REDACTED]" : raw
                    warn(
                        "Invalid value '\(shown)' for \(option.environmentName): \(error.message); using the \(source.rawValue) value"
                    )
                }
            }
            if option.isDynamic, let raw = remote[option.name] {
                do {
                    try option.applyString(raw, &settings)
                    source = .central
                } catch {
                    invalidRemote.append((option.name, error.message))
                }
            }
            sources[option.name] = source
        }
        applySpanFramesMinDuration(to: &settings, sources: &sources, warn: warn)
        if settings.serviceName.isEmpty {
            settings.serviceName = ServiceName.derived()
        }
        let dynamicNames = Set(options.filter(\.isDynamic).map(\.name))
        let unsupported = remote.keys.filter { !dynamicNames.contains($0) }.sorted()
        return Resolution(
            settings: settings, sources: sources, unsupportedRemoteKeys: unsupported,
            invalidRemoteKeys: invalidRemote)
    }

    /// The deprecated `span_frames_min_duration` (Python's units: `-1` always, `0` never, else a
    /// duration, in ms without a unit), used only when `span_stack_trace_min_duration` is not set.
    private func applySpanFramesMinDuration(
        to settings: inout AgentSettings, sources: inout [String: ConfigSource], warn: (String) -> Void
    ) {
        let name = "span_frames_min_duration"
        let fromEnvironment = environment["ELASTIC_APM_" + name.uppercased()]
        guard let raw = fromEnvironment ?? code.options[name] else { return }
        warn("'\(name)' is deprecated; use 'span_stack_trace_min_duration' (0 always, negative never)")
        guard sources["span_stack_trace_min_duration"] == .default else { return }
        let trimmed = raw.trimmingWhitespace()
        if trimmed == "-1" {
            settings.spanStackTraceMinDuration = .zero
        } else {
            switch ConfigValueParser.duration(trimmed, defaultUnit: .milliseconds) {
            case .success(let value):
                settings.spanStackTraceMinDuration = value == .zero ? .milliseconds(-1) : value
            case .failure(let error):
                warn("Invalid value '\(raw)' for '\(name)': \(error.message); using the default")
                return
            }
        }
        sources["span_stack_trace_min_duration"] = fromEnvironment != nil ? .environment : .code
    }

    /// One warning for each `ELASTIC_APM_*` environment variable and each key of
    /// ``APMAgent/Configuration/options`` that names no option, with the closest option's name.
    func unknownNameWarnings() -> [String] {
        let known = Set(ConfigOptions.knownNames)
        var warnings: [String] = []
        for key in environment.keys.sorted() where key.hasPrefix("ELASTIC_APM_") {
            let name = String(key.dropFirst("ELASTIC_APM_".count)).lowercased()
            guard !known.contains(name) else { continue }
            let closest = ConfigOptions.closest(to: name)
            warnings.append(
                "Unknown configuration variable \(key) is ignored; did you mean ELASTIC_APM_\(closest.uppercased())?")
        }
        for name in code.options.keys.sorted() where !known.contains(name) {
            warnings.append(
                "Unknown option '\(name)' in code configuration is ignored; did you mean '\(ConfigOptions.closest(to: name))'?")
        }
        return warnings
    }
}
