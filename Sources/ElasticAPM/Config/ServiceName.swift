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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Service names must match `^[a-zA-Z0-9 _-]+$`.
enum ServiceName {
    /// The name used when none is configured and none can be derived.
    static let fallback = "unknown-swift-service"

    /// Replaces every disallowed character with `_`; rejects an empty name.
    static func parse(_ raw: String) -> Result<String, ConfigValueError> {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .failure(ConfigValueError("service name must not be empty")) }
        return .success(sanitize(trimmed))
    }

    /// The name with every character outside `[a-zA-Z0-9 _-]` replaced by `_`, cut to 1024 characters.
    static func sanitize(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars.prefix(1024) {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", " ", "_", "-": scalars.append(scalar)
            default: scalars.append("_")
            }
        }
        return String(scalars)
    }

    /// The executable's name, sanitised, or ``fallback``.
    static func derived() -> String {
        let executable = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let sanitized = sanitize(executable)
        return sanitized.contains(where: { $0.isLetter || $0.isNumber }) ? sanitized : fallback
    }
}

/// `server_url` must be an absolute http or https URL.
enum ServerURL {
    static func parse(_ raw: String) -> Result<String, ConfigValueError> {
        var value = raw.trimmingWhitespace()
        let lower = value.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return .failure(ConfigValueError("expected an http:// or https:// URL, got '\(raw)'"))
        }
        let hostStart = value.index(value.startIndex, offsetBy: lower.hasPrefix("https://") ? 8 : 7)
        guard hostStart < value.endIndex, value[hostStart] != "/" else {
            return .failure(ConfigValueError("the URL '\(raw)' has no host"))
        }
        while value.hasSuffix("/") { value.removeLast() }
        return .success(value)
    }
}
