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
#endif

/// A small tmpfs, mounted for one test (needs root and a kernel that lets us mount).
final class SmallFileSystem {
    let directory: String

    init?(megabytes: Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "apm-tmpfs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else {
            return nil
        }
        guard mount("tmpfs", dir, "tmpfs", 0, "size=\(megabytes)m") == 0 else {
            rmdir(dir)
            return nil
        }
        directory = dir
    }

    /// Fills what is left with one file; returns its path.
    func fill() -> String {
        let path = directory + "/filler"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let chunk = [UInt8](repeating: 0x5A, count: 4096)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
        return path
    }

    deinit {
        umount2(directory, Int32(MNT_DETACH))
        rmdir(directory)
    }
}

@Suite("Full disk", .timeLimit(.minutes(3)))
struct FullDiskTests {
    @Test("on a full 3 MiB tmpfs the queue keeps storing by value, drains completely without duplicates, and stores again")
    func fullTmpfs() throws {
        guard let fileSystem = SmallFileSystem(megabytes: 3) else {
            print("skipped: cannot mount a tmpfs here (needs root and mount permission)")
            return
        }
        let path = fileSystem.directory + "/queue.sqlite"
        // The agent's default cap (256 MiB) is far above the file system: only the disk limits it.
        let q = try EventQueue(path: path)
        let m = try q.registerMetadata(bytes(#"{"metadata":{}}"#), createdAt: t0)
        var demo = DemoEvents(seed: 4)
        var stored = 0
        var refused = 0
        // An outage: the app keeps capturing, nothing is sent.
        for commit in 0..<1_500 {
            do {
                stored += try q.append(demo.commit(50, at: t0 + Int64(commit)), metadataID: m, now: t0).appended
            } catch {
                #expect(error == .diskFull)
                refused += 50
            }
        }
        let counters = try q.counters()
        #expect(stored > 0)
        #expect((counters["dropped.disk_full"] ?? 0) + Int64(refused) > 0, "the workload must fill the file system")
        #expect(counters["dropped.disk_full.error"] == nil, "errors are kept while spans can go")
        #expect(QueueFile.freeBytes(path) ?? .max < EventQueue.diskReserveDefault, "the queue stopped growing at the reserve")

        // The server is back: everything waiting drains, once each, on the full file system.
        var delivered: [String] = []
        while let claim = try q.claimBlocks(owner: "flush", maxBytes: 1 << 20, maxEvents: 2_000, lease: .seconds(30), now: t0) {
            for block in claim.blocks { delivered += try block.lines().map(text) }
            #expect(try q.acknowledgeBlocks(claim.ids, owner: "flush") == claim.events)
        }
        #expect(delivered.count == stored - Int(counters["dropped.disk_full"] ?? 0))
        #expect(Set(delivered).count == delivered.count, "an event was delivered twice")
        #expect(try q.pendingEventCount() == 0)

        // Another program takes the last free byte: new events are refused (counted by the
        // writer), the queue stays usable, and it stores again once that space is given back.
        let filler = fileSystem.fill()
        #expect(QueueFile.freeBytes(path) ?? 1 < 4096)
        // New events fit in the pages the drain freed, even before the other file goes.
        #expect(try q.append(demo.commit(50, at: t0), metadataID: m, now: t0).appended == 50)
        unlink(filler)
        #expect(try q.append(demo.commit(50, at: t0), metadataID: m, now: t0).appended == 50)
        #expect(try q.integrityCheck() == ["ok"])
        q.close()
    }
}
