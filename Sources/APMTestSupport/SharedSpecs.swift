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
import Testing

/// Locates Elastic's cross-agent test vectors in `../shared/spec/agent-specs/`, beside the
/// package root, and loads them.
package enum SharedSpecs {
    /// Message shown for vector tests when the folder is missing.
    package static let skipMessage: Comment =
        "../shared/spec/agent-specs not found beside the package: cross-agent vectors skipped"

    /// The project's `shared/` folder beside the package root, found relative to this source file.
    package static let sharedRoot: URL = URL(filePath: #filePath)
        .deletingLastPathComponent()  // APMTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()  // its parent, which holds shared/
        .appending(path: "shared", directoryHint: .isDirectory)

    /// The `agent-specs` folder.
    package static let directory: URL = sharedRoot.appending(path: "spec/agent-specs", directoryHint: .isDirectory)

    /// Whether the vectors are present.
    package static let isAvailable: Bool = FileManager.default.fileExists(atPath: directory.appending(path: "json-specs").path)

    /// The text of `json-specs/<name>` or `gherkin-specs/<name>`.
    package static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: directory.appending(path: relativePath), encoding: .utf8)
    }

    /// A JSON vector file decoded with `JSONSerialization`, after removing lines that start with
    /// `//` (the W3C file begins with such comments).
    package static func json(_ name: String) throws -> Any {
        let text = try text("json-specs/" + name)
        let json = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//") }
            .joined(separator: "\n")
        return try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }
}
