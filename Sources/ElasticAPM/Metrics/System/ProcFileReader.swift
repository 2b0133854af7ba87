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

/// Reads small kernel files (`/proc`, `/sys`) below an injectable root directory, with plain
/// `open`/`read` (no Foundation): the metrics thread reads a handful of them per collection.
struct ProcFileReader {
    /// The root every absolute path is resolved against, without a trailing `/` (`""` for `/`).
    let root: String

    /// A reader for paths below `root` (a directory; `/` reads the real files).
    init(root: String) {
        var root = root
        while root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// The file `root + path` (an absolute path such as `/proc/stat`).
    func resolve(_ path: String) -> String { root + path }

    /// Whether `path` (below the root) exists.
    func exists(_ path: String) -> Bool {
        access(resolve(path), F_OK) == 0
    }

    /// The whole content of `path` (below the root), or `nil` when it cannot be read.
    func read(_ path: String) -> [UInt8]? {
        let descriptor = open(resolve(path), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return content }
            content.append(contentsOf: chunk[0..<count])
        }
    }
}
