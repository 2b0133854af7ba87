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

/// An APM Server release number such as `8.13.0`.
package struct ServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version.
    package var major: Int
    /// The minor version.
    package var minor: Int
    /// The patch version.
    package var patch: Int

    /// Creates a version from its parts.
    package init(major: Int, minor: Int = 0, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `MAJOR[.MINOR[.PATCH]]`, ignoring a pre-release or build suffix such as
    /// `-SNAPSHOT`; `nil` when the text does not start with a number.
    package init?(_ text: String) {
        let core = text.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false).prefix(3)
        guard let first = parts.first, let major = Int(first) else {
            return nil
        }
        let rest = parts.dropFirst().map { Int($0) }
        guard !rest.contains(nil) else {
            return nil
        }
        self.init(major: major, minor: rest.first.flatMap { $0 } ?? 0, patch: rest.dropFirst().first.flatMap { $0 } ?? 0)
    }

    /// Orders versions by major, then minor, then patch.
    package static func < (lhs: ServerVersion, rhs: ServerVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    /// The version as `MAJOR.MINOR.PATCH`.
    package var description: String {
        "\(major).\(minor).\(patch)"
    }
}
