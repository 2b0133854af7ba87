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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private temporary directory (mode 0700, from `mkdtemp`), removed by ``remove()``.
package struct TempDir: Sendable {
    /// The directory's path.
    package let path: String

    /// Could not create the directory.
    package struct CreationFailed: Error, CustomStringConvertible {
        /// The `errno` text.
        package var description: String
    }

    /// Creates a new directory under `/tmp`, its name starting with `prefix`.
    package init(prefix: String = "apm-test") throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CreationFailed(description: "mkdtemp: \(String(cString: strerror(errno)))")
        }
        path = String(cString: created)
    }

    /// The path of `name` inside the directory.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Restores write permission on anything a test made read-only, then deletes everything.
    package func remove() {
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker { chmod(path + "/" + relative, 0o700) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
