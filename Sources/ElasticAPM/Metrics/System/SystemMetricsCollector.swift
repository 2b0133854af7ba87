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
import Foundation

/// System and process metrics from `/proc` (and the process's memory cgroup), Linux only.
///
/// Every file is read below an injectable root directory, so tests run it against fixture trees.
/// CPU percentages are deltas between two collections: the first collection only records the
/// baseline and reports memory figures alone, and percentages over fewer than ``minimumTicks``
/// clock ticks (1 s at the usual 100 Hz) are not sent, as tick granularity makes them meaningless.
final class SystemMetricsCollector: MetricSource {
    /// The previous readings CPU percentages are computed against.
    private struct CPUReading {
        var systemTotal: UInt64
        var systemIdle: UInt64
        var processUser: UInt64
        var processSystem: UInt64
        var monotonicNanos: UInt64
    }

    /// The shortest interval, in clock ticks, CPU percentages are computed over.
    static let minimumTicks: UInt64 = 100

    /// The v1 value meaning "no limit" (`PAGE_COUNTER_MAX` pages on 64-bit kernels).
    static let cgroupV1Unlimited: UInt64 = 0x7FFF_FFFF_FFFF_F000

    private let reader: ProcFileReader
    private let clockTicksPerSecond: UInt64
    private let pageSize: UInt64
    private var previous: CPUReading?
    private var cgroup: CgroupMemory?
    private var cgroupLocated = false

    /// A collector reading below `root` (default `/`). `clockTicksPerSecond` (`USER_HZ`) and
    /// `pageSize` default to the running system's.
    init(
        root: URL = URL(filePath: "/"), clockTicksPerSecond: Int = sysconf(Int32(_SC_CLK_TCK)),
        pageSize: Int = sysconf(Int32(_SC_PAGESIZE))
    ) {
        self.reader = ProcFileReader(root: root.path)
        self.clockTicksPerSecond = UInt64(max(1, clockTicksPerSecond))
        self.pageSize = UInt64(max(1, pageSize))
    }

    func prime(at time: Timestamp) {
        _ = samples(at: time.monotonicNanos)
    }

    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        let samples = samples(at: time.monotonicNanos)
        if !samples.isEmpty { metricsets.append(MetricsetEvent(timestamp: time.wallMicros, samples: samples)) }
    }

    /// Reads every file once and returns the samples; CPU samples need an earlier call.
    func samples(at monotonicNanos: UInt64) -> [MetricSample] {
        var samples: [MetricSample] = []
        samples.reserveCapacity(11)
        let system = readSystemCPU()
        let process = readProcessStat()
        if let system, let process {
            let current = CPUReading(
                systemTotal: system.total, systemIdle: system.idle, processUser: process.user,
                processSystem: process.system, monotonicNanos: monotonicNanos)
            if let previous { appendCPU(from: previous, to: current, cpuCount: system.cpuCount, into: &samples) }
            previous = current
        }
        if let memory = readMemInfo() {
            samples.append(MetricSample("system.memory.total", Double(memory.total)))
            if let available = memory.available { samples.append(MetricSample("system.memory.actual.free", Double(available))) }
        }
        if let process {
            samples.append(MetricSample("system.process.memory.size", Double(process.virtualBytes)))
            samples.append(MetricSample("system.process.memory.rss.bytes", Double(process.residentPages * pageSize)))
        }
        if !cgroupLocated {
            cgroup = CgroupMemory.locate(reader)
            cgroupLocated = true
        }
        if let reading = cgroup?.read(reader) {
            if let limit = reading.limit {
                samples.append(MetricSample("system.process.cgroup.memory.mem.limit.bytes", Double(limit)))
            }
            samples.append(MetricSample("system.process.cgroup.memory.mem.usage.bytes", Double(reading.usage)))
        }
        return samples
    }

    private func appendCPU(
        from previous: CPUReading, to current: CPUReading, cpuCount: Int,
        into samples: inout [MetricSample]
    ) {
        if current.systemTotal >= previous.systemTotal + Self.minimumTicks, current.systemIdle >= previous.systemIdle {
            let total = current.systemTotal - previous.systemTotal
            let busy = total - min(total, current.systemIdle - previous.systemIdle)
            samples.append(MetricSample("system.cpu.total.norm.pct", Double(busy) / Double(total)))
        }
        let wallNanos = current.monotonicNanos > previous.monotonicNanos ? current.monotonicNanos - previous.monotonicNanos : 0
        guard wallNanos >= Self.minimumTicks * 1_000_000_000 / clockTicksPerSecond,
            current.processUser >= previous.processUser, current.processSystem >= previous.processSystem
        else { return }
        // Ticks available to the process in the interval on all CPUs: ticks/s × seconds × CPUs.
        let available = Double(clockTicksPerSecond) * Double(wallNanos) / 1e9 * Double(cpuCount)
        let user = Double(current.processUser - previous.processUser)
        let system = Double(current.processSystem - previous.processSystem)
        samples.append(MetricSample("system.process.cpu.total.norm.pct", min(1, (user + system) / available)))
        samples.append(MetricSample("system.process.cpu.user.norm.pct", min(1, user / available)))
        samples.append(MetricSample("system.process.cpu.system.norm.pct", min(1, system / available)))
    }

    /// The aggregate `cpu` line of `/proc/stat`: busy+idle and idle (idle + iowait) ticks, and the
    /// number of `cpuN` lines.
    private func readSystemCPU() -> (total: UInt64, idle: UInt64, cpuCount: Int)? {
        guard let text = reader.read("/proc/stat") else { return nil }
        var aggregate: (total: UInt64, idle: UInt64)?
        var cpuCount = 0
        for line in ProcText.lines(text) where ProcText.hasPrefix(line, "cpu") {
            let fields = ProcText.fields(line)
            if fields[0].count == 3 {
                // user nice system idle iowait irq softirq steal (guest time is already in user/nice).
                let values = fields.dropFirst().prefix(8).compactMap(ProcText.unsigned)
                guard values.count >= 4 else { return nil }
                let idle = values[3] + (values.count > 4 ? values[4] : 0)
                aggregate = (values.reduce(0, +), idle)
            } else {
                cpuCount += 1
            }
        }
        guard let aggregate else { return nil }
        return (aggregate.total, aggregate.idle, max(1, cpuCount))
    }

    /// `MemTotal` and `MemAvailable` of `/proc/meminfo`, in bytes (older kernels without
    /// `MemAvailable`: free + buffers + page cache).
    private func readMemInfo() -> (total: UInt64, available: UInt64?)? {
        guard let text = reader.read("/proc/meminfo") else { return nil }
        var values: [String: UInt64] = [:]
        for line in ProcText.lines(text) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = ProcText.string(line[line.startIndex..<colon])
            guard ["MemTotal", "MemAvailable", "MemFree", "Buffers", "Cached"].contains(key),
                let kilobytes = ProcText.fields(line[(colon + 1)...]).first.flatMap(ProcText.unsigned)
            else { continue }
            values[key] = kilobytes * 1024
        }
        guard let total = values["MemTotal"] else { return nil }
        if let available = values["MemAvailable"] { return (total, available) }
        if let free = values["MemFree"], let buffers = values["Buffers"], let cached = values["Cached"] {
            return (total, free + buffers + cached)
        }
        return (total, nil)
    }

    /// `utime`, `stime` (ticks), `vsize` (bytes) and `rss` (pages) of `/proc/self/stat`.
    private func readProcessStat() -> (user: UInt64, system: UInt64, virtualBytes: UInt64, residentPages: UInt64)? {
        guard let text = reader.read("/proc/self/stat"),
            let nameEnd = text.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // Fields after the command name, starting with field 3 (`state`).
        let fields = ProcText.fields(text[(nameEnd + 1)...])
        guard fields.count >= 22,
            let user = ProcText.unsigned(fields[11]), let system = ProcText.unsigned(fields[12]),
            let virtualBytes = ProcText.unsigned(fields[20]), let residentPages = ProcText.unsigned(fields[21])
        else { return nil }
        return (user, system, virtualBytes, residentPages)
    }
}
