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

/// A temporary directory laid out like `/` (`proc/…`, `sys/fs/cgroup/…`) for the system metrics
/// collector. Removed when the fixture is released.
final class ProcFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appending(path: "apm-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `content` to `path` (absolute, as on the real system) below the root.
    func write(_ path: String, _ content: String) throws {
        let file = root.appending(path: String(path.dropFirst()))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: file)
    }

    /// `/proc/stat` of a 4-CPU machine with these aggregate tick counts (the per-CPU lines only count CPUs).
    func writeStat(user: Int, system: Int, idle: Int, iowait: Int = 0) throws {
        let cpu = "\(user) 0 \(system) \(idle) \(iowait) 0 0 0 0 0"
        try write(
            "/proc/stat",
            """
            cpu  \(cpu)
            cpu0 \(cpu)
            cpu1 \(cpu)
            cpu2 \(cpu)
            cpu3 \(cpu)
            intr 12345 0 0
            ctxt 987654
            btime 1700000000
            processes 4242

            """)
    }

    /// `/proc/self/stat` with these CPU ticks, virtual size (bytes) and resident pages; the command
    /// name holds spaces and parentheses, as real ones may.
    func writeProcessStat(utime: Int, stime: Int, vsize: Int, rssPages: Int) throws {
        try write(
            "/proc/self/stat",
            "4242 (apm (bench) worker) S 1 4242 4242 0 -1 4194560 100 0 0 0 \(utime) \(stime) 0 0 20 0 8 0 12345 "
                + "\(vsize) \(rssPages) 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 2 0 0 0 0 0\n")
    }

    /// `/proc/meminfo` with these totals in kB.
    func writeMemInfo(totalKB: Int, availableKB: Int) throws {
        try write(
            "/proc/meminfo",
            """
            MemTotal:       \(totalKB) kB
            MemFree:         1000000 kB
            MemAvailable:   \(availableKB) kB
            Buffers:          200000 kB
            Cached:          3000000 kB

            """)
    }
}
