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

import Logging

/// One configuration option: its snake_case name, how to read it from a string (environment and
/// remote values), how to take it from ``APMAgent.Configuration``, and how to show it in the start-up log.
struct ConfigOption {
    /// The option's name, e.g. `transaction_sample_rate`; the environment variable is `ELASTIC_APM_` + upper-cased name.
    let name: String
    /// Whether remote (central) configuration may change it at run time.
    let isDynamic: Bool
    /// Secrets are masked in logs and never stored.
    let isSecret: Bool
    /// Parses a string value into the settings.
    let applyString: (String, inout AgentSettings) throws(ConfigValueError) -> Void
    /// Applies the code value, if set; returns whether it was set.
    let applyCode: (APMAgent.Configuration, inout AgentSettings) throws(ConfigValueError) -> Bool
    /// The current value as shown in logs (quoted by the caller, masked when secret).
    let describe: (AgentSettings) -> String

    /// `ELASTIC_APM_<NAME>`.
    var environmentName: String { "ELASTIC_APM_" + name.uppercased() }

    /// Builds an option stored at `keyPath`, parsed by `parse`, with code value `code` checked by `validate`
    /// (without `code`, the option is set in code only through ``APMAgent/Configuration/options``).
    static func make<Value>(
        _ name: String, _ keyPath: WritableKeyPath<AgentSettings, Value>,
        code: KeyPath<APMAgent.Configuration, Value?>? = nil, dynamic: Bool = false, secret: Bool = false,
        parse: @escaping (String) -> Result<Value, ConfigValueError>,
        validate: @escaping (Value) throws(ConfigValueError) -> Value = { $0 },
        describe: @escaping (Value) -> String = { "\($0)" }
    ) -> ConfigOption {
        ConfigOption(
            name: name, isDynamic: dynamic, isSecret: secret,
            applyString: { (raw: String, settings: inout AgentSettings) throws(ConfigValueError) in
                settings[keyPath: keyPath] = try validate(try parse(raw).get())
            },
            applyCode: {
                (
                    configuration: APMAgent.Configuration, settings: inout AgentSettings
                ) throws(ConfigValueError)
                    -> Bool in
                guard let code, let value = configuration[keyPath: code] else { return false }
                settings[keyPath: keyPath] = try validate(value)
                return true
            },
            describe: { settings in describe(settings[keyPath: keyPath]) })
    }

    /// Builds an optional string option (empty string unsets it).
    static func string(
        _ name: String, _ keyPath: WritableKeyPath<AgentSettings, String?>,
        code: KeyPath<APMAgent.Configuration, String?>?, dynamic: Bool = false, secret: Bool = false
    ) -> ConfigOption {
        ConfigOption(
            name: name, isDynamic: dynamic, isSecret: secret,
            applyString: { raw, settings in
                let trimmed = raw.trimmingWhitespace()
                settings[keyPath: keyPath] = trimmed.isEmpty ? nil : trimmed
            },
            applyCode: { configuration, settings in
                guard let code, let value = configuration[keyPath: code] else { return false }
                settings[keyPath: keyPath] = value.isEmpty ? nil : value
                return true
            },
            describe: { settings in settings[keyPath: keyPath] ?? "" })
    }

    /// Builds an enumeration option: strings (environment, remote) are parsed from the raw value
    /// (case-insensitive); code sets the enumeration itself.
    static func enumeration<Value: RawRepresentable & CaseIterable>(
        _ name: String, _ keyPath: WritableKeyPath<AgentSettings, Value>, code: KeyPath<APMAgent.Configuration, Value?>,
        dynamic: Bool = false
    ) -> ConfigOption where Value.RawValue == String {
        let parse: (String) -> Result<Value, ConfigValueError> = { raw in
            let lowered = raw.trimmingWhitespace().lowercased()
            guard let value = Value.allCases.first(where: { $0.rawValue == lowered }) else {
                return .failure(
                    ConfigValueError(
                        "expected one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), got '\(raw)'"))
            }
            return .success(value)
        }
        return ConfigOption(
            name: name, isDynamic: dynamic, isSecret: false,
            applyString: { (raw: String, settings: inout AgentSettings) throws(ConfigValueError) in
                settings[keyPath: keyPath] = try parse(raw).get()
            },
            applyCode: {
                (
                    configuration: APMAgent.Configuration, settings: inout AgentSettings
                ) throws(ConfigValueError)
                    -> Bool in
                guard let value = configuration[keyPath: code] else { return false }
                settings[keyPath: keyPath] = value
                return true
            },
            describe: { settings in settings[keyPath: keyPath].rawValue })
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
