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

import APMRuntime
import Foundation
import Testing
@testable import ElasticAPM

/// System, process and cgroup metrics read from fixture `/proc` and `/sys` trees.
@Suite("System metrics from /proc")
struct SystemMetricsTests {
    private static let second: UInt64 = 1_000_000_000

    /// A fixture of a 4-CPU host: 16 000 MiB of memory, 8 000 MiB available, a 1 GiB process with 100 MiB resident.
    private func host() throws -> ProcFixture {
        let fixture = try ProcFixture()
        try fixture.writeStat(user: 10_000, system: 5_000, idle: 80_000, iowait: 5_000)
        try fixture.writeProcessStat(utime: 1_000, stime: 500, vsize: 1_073_741_824, rssPages: 25_600)
        try fixture.writeMemInfo(totalKB: 16_384_000, availableKB: 8_192_000)
        return fixture
    }

    private func collector(_ fixture: ProcFixture) -> SystemMetricsCollector {
        SystemMetricsCollector(root: fixture.root, clockTicksPerSecond: 100, pageSize: 4096)
    }

    /// Advances the fixture by 2 s: 1 000 system ticks of which 750 idle, 200 user and 100 system ticks of the process.
    private func advance(_ fixture: ProcFixture) throws {
        try fixture.writeStat(user: 10_200, system: 5_050, idle: 80_700, iowait: 5_050)
        try fixture.writeProcessStat(utime: 1_200, stime: 600, vsize: 1_073_741_824, rssPages: 25_600)
    }

    private func values(_ samples: [MetricSample]) -> [String: Double] {
        var values: [String: Double] = [:]
        for sample in samples {
            guard case .single(let value) = sample.value else { continue }
            values[sample.name] = value
        }
        return values
    }

    @Test("plain host: memory at once, exact CPU percentages from the second collection, no cgroup samples")
    func plainHost() throws {
        let fixture = try host()
        let collector = collector(fixture)
        let first = values(collector.samples(at: 10 * Self.second))
        #expect(
            first == [
                "system.memory.total": 16_777_216_000,
                "system.memory.actual.free": 8_388_608_000,
                "system.process.memory.size": 1_073_741_824,
                "system.process.memory.rss.bytes": 104_857_600,
            ])
        try advance(fixture)
        let second = values(collector.samples(at: 12 * Self.second))
        // System: 1 - 750/1000. Process: ticks / (100 ticks/s × 2 s × 4 CPUs).
        #expect(second["system.cpu.total.norm.pct"] == 0.25)
        #expect(second["system.process.cpu.user.norm.pct"] == 0.25)
        #expect(second["system.process.cpu.system.norm.pct"] == 0.125)
        #expect(second["system.process.cpu.total.norm.pct"] == 0.375)
        #expect(second["system.memory.total"] == 16_777_216_000)
        #expect(!second.keys.contains { $0.contains("cgroup") })
        #expect(second.count == 8)
    }

    @Test("CPU percentages over less than a second of ticks are not sent")
    func shortInterval() throws {
        let fixture = try host()
        let collector = collector(fixture)
        _ = collector.samples(at: 10 * Self.second)
        try fixture.writeStat(user: 10_020, system: 5_005, idle: 80_050, iowait: 5_005)
        try fixture.writeProcessStat(utime: 1_010, stime: 505, vsize: 1_073_741_824, rssPages: 25_600)
        let names = Set(collector.samples(at: 10 * Self.second + Self.second / 2).map(\.name))
        #expect(!names.contains { $0.contains("cpu") })
        #expect(names.contains("system.memory.total"))
    }

    @Test("MemAvailable missing (old kernels): free + buffers + cached")
    func memAvailableFallback() throws {
        let fixture = try host()
        try fixture.write("/proc/meminfo", "MemTotal: 4000 kB\nMemFree: 1000 kB\nBuffers: 200 kB\nCached: 300 kB\n")
        let values = values(collector(fixture).samples(at: Self.second))
        #expect(values["system.memory.total"] == 4_096_000)
        #expect(values["system.memory.actual.free"] == 1_536_000)
    }

    @Test("cgroup v1 with a limit: mount point from mountinfo, limit and usage")
    func cgroupV1Limited() throws {
        let fixture = try host()
        try fixture.write(
            "/proc/self/cgroup",
            """
            12:memory:/docker/0123abcd
            11:cpu,cpuacct:/docker/0123abcd
            0::/

            """)
        try fixture.write(
            "/proc/self/mountinfo",
            """
            1510 1509 0:25 / / rw,relatime - overlay overlay rw,lowerdir=/l
            1520 1515 0:30 /docker/0123abcd /custom/cgroup/mem ro,nosuid,nodev,noexec,relatime master:14 - cgroup cgroup rw,memory
            1521 1515 0:31 /docker/0123abcd /custom/cgroup/cpu ro,nosuid - cgroup cgroup rw,cpu,cpuacct

            """)
        try fixture.write("/custom/cgroup/mem/memory.limit_in_bytes", "536870912\n")
        try fixture.write("/custom/cgroup/mem/memory.usage_in_bytes", "123456789\n")
        let values = values(collector(fixture).samples(at: Self.second))
        #expect(values["system.process.cgroup.memory.mem.limit.bytes"] == 536_870_912)
        #expect(values["system.process.cgroup.memory.mem.usage.bytes"] == 123_456_789)
    }

    @Test("cgroup v1 without a limit (0x7ffffffffffff000): usage only, default mount point")
    func cgroupV1Unlimited() throws {
        let fixture = try host()
        try fixture.write("/proc/self/cgroup", "4:memory:/\n3:pids:/\n")
        try fixture.write("/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n")
        try fixture.write("/sys/fs/cgroup/memory/memory.usage_in_bytes", "7340032\n")
        let values = values(collector(fixture).samples(at: Self.second))
        #expect(values["system.process.cgroup.memory.mem.limit.bytes"] == nil)
        #expect(values["system.process.cgroup.memory.mem.usage.bytes"] == 7_340_032)
    }

    @Test("cgroup v2 with a limit: the process's cgroup directory below the cgroup2 mount")
    func cgroupV2Limited() throws {
        let fixture = try host()
        try fixture.write("/proc/self/cgroup", "0::/system.slice/app.service\n")
        try fixture.write(
            "/proc/self/mountinfo",
            """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot

            """)
        try fixture.write("/sys/fs/cgroup/memory.max", "max\n")
        try fixture.write("/sys/fs/cgroup/memory.current", "999\n")
        try fixture.write("/sys/fs/cgroup/system.slice/app.service/memory.max", "268435456\n")
        try fixture.write("/sys/fs/cgroup/system.slice/app.service/memory.current", "67108864\n")
        let values = values(collector(fixture).samples(at: Self.second))
        #expect(values["system.process.cgroup.memory.mem.limit.bytes"] == 268_435_456)
        #expect(values["system.process.cgroup.memory.mem.usage.bytes"] == 67_108_864)
    }

    @Test("cgroup v2 with memory.max = max: usage only")
    func cgroupV2Max() throws {
        let fixture = try host()
        try fixture.write("/proc/self/cgroup", "0::/\n")
        try fixture.write("/sys/fs/cgroup/memory.max", "max\n")
        try fixture.write("/sys/fs/cgroup/memory.current", "52428800\n")
        let values = values(collector(fixture).samples(at: Self.second))
        #expect(values["system.process.cgroup.memory.mem.limit.bytes"] == nil)
        #expect(values["system.process.cgroup.memory.mem.usage.bytes"] == 52_428_800)
    }

    @Test("the cgroup is located once; its values are read at every collection")
    func cgroupReread() throws {
        let fixture = try host()
        try fixture.write("/proc/self/cgroup", "0::/\n")
        try fixture.write("/sys/fs/cgroup/memory.max", "1048576\n")
        try fixture.write("/sys/fs/cgroup/memory.current", "1000\n")
        let collector = collector(fixture)
        #expect(values(collector.samples(at: Self.second))["system.process.cgroup.memory.mem.usage.bytes"] == 1000)
        try fixture.write("/sys/fs/cgroup/memory.current", "2000\n")
        #expect(values(collector.samples(at: 2 * Self.second))["system.process.cgroup.memory.mem.usage.bytes"] == 2000)
    }

    @Test("mountinfo: fields, octal escapes, and cgroup2 lines never taken for the v1 memory controller")
    func mountInfo() {
        let mounts = MountInfo.parse(
            Array(
                """
                35 24 0:30 /docker/x /sys/fs/cgroup/my\\040memory rw - cgroup cgroup rw,memory
                30 24 0:26 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw,memory_recursiveprot

                """.utf8))
        #expect(mounts.count == 2)
        #expect(mounts[0].root == "/docker/x")
        #expect(mounts[0].mountPoint == "/sys/fs/cgroup/my memory")
        #expect(mounts[0].isCgroupV1Memory)
        #expect(!mounts[1].isCgroupV1Memory)
        #expect(mounts[1].isCgroupV2)
    }

    @Test("the real /proc of this Linux machine yields memory figures")
    func realProc() {
        let collector = SystemMetricsCollector()
        let names = Set(collector.samples(at: SystemClock().monotonicNanos).map(\.name))
        #expect(names.isSuperset(of: ["system.memory.total", "system.process.memory.size", "system.process.memory.rss.bytes"]))
    }
}
