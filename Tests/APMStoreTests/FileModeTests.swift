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
import APMTestSupport
import Testing
@testable import APMStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("File modes", .timeLimit(.minutes(1)))
struct FileModeTests {
    @Test("created directories are 0700; the file and its -wal/-shm are 0600")
    func modes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        chmod(dir.path, 0o755)
        let path = dir.file("a/b/c/q.sqlite")
        let queue = try EventQueue(path: path)
        defer { queue.close() }
        let m = try queue.registerMetadata(bytes("m"), createdAt: t0)
        try queue.append([event("x")], metadataID: m, now: t0)
        #expect(mode(dir.file("a")) == 0o700)
        #expect(mode(dir.file("a/b")) == 0o700)
        #expect(mode(dir.file("a/b/c")) == 0o700)
        #expect(mode(dir.path) == 0o755, "an existing directory keeps its mode")
        #expect(mode(path) == 0o600)
        #expect(mode(path + "-wal") == 0o600)
        #expect(mode(path + "-shm") == 0o600)
    }

    @Test("a second instance on the same file works alongside the first")
    func twoInstances() throws {
        let f = try Fixture()
        defer { f.done() }
        let other = try EventQueue(path: f.path)
        defer { other.close() }
        let m = try f.queue.registerMetadata(bytes("m"), createdAt: t0)
        try appendEach(f.queue, [event("1"), event("2")], run: m)
        let a = try #require(try other.claimBlocks(owner: "a", maxBytes: 100, maxEvents: 1, lease: .seconds(5), now: t0))
        let b = try #require(try f.queue.claimBlocks(owner: "b", maxBytes: 100, maxEvents: 5, lease: .seconds(5), now: t0))
        #expect(try claimedLines(a) == ["1"])
        #expect(try claimedLines(b) == ["2"])
    }
}
