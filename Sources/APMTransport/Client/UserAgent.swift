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

/// Builds the `User-Agent` header the agent spec asks for.
package enum UserAgent {
    /// `apm-agent-swift/<agentVersion> (<serviceName> <serviceVersion>)`, or
    /// `apm-agent-swift/<agentVersion> (<serviceName>)` without a version, with `(`, `)`, `\`
    /// and control characters in the service name and version replaced by `_`.
    package static func header(agentVersion: String, serviceName: String, serviceVersion: String?) -> String {
        var service = escape(serviceName)
        if let serviceVersion, !serviceVersion.isEmpty {
            service += " " + escape(serviceVersion)
        }
        return "apm-agent-swift/\(agentVersion) (\(service))"
    }

    /// `text` with `(`, `)`, `\` and control characters replaced by `_`, so the
    /// parenthesised part stays unambiguous and the header stays one line.
    package static func escape(_ text: String) -> String {
        String(
            text.map { character in
                let isControl = character.unicodeScalars.contains { $0.properties.generalCategory == .control }
                return isControl || "()\\".contains(character) ? "_" : character
            })
    }
}
