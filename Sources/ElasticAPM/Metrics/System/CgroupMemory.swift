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

/// The memory cgroup of the process and how to read its limit and usage.
///
/// cgroup v2: `/proc/self/cgroup` holds `0::/path`; the files are `memory.max` (`max` = no limit)
/// and `memory.current` in `<cgroup2 mount>/<path>`. cgroup v1: the line whose controllers include
/// `memory`; the mount point comes from `/proc/self/mountinfo` (the spec's pattern
/// `^\d+? \d+? .+? .+? (.*?) .*cgroup.*memory.*`, default `/sys/fs/cgroup/memory`), the files are
/// `memory.limit_in_bytes` (`0x7ffffffffffff000` = no limit) and `memory.usage_in_bytes`.
struct CgroupMemory: Equatable {
    /// The cgroup version in use.
    enum Version: Equatable {
        case v1
        case v2
    }

    var version: Version
    /// The cgroup's directory (below the reader's root).
    var directory: String

    /// One reading; `limit` is `nil` when the cgroup has no memory limit.
    struct Reading: Equatable {
        var limit: UInt64?
        var usage: UInt64
    }

    private var limitFile: String { directory + (version == .v1 ? "/memory.limit_in_bytes" : "/memory.max") }
    private var usageFile: String { directory + (version == .v1 ? "/memory.usage_in_bytes" : "/memory.current") }

    /// Finds the process's memory cgroup, or `nil` when there is none (not in a cgroup, or its files are missing).
    static func locate(_ reader: ProcFileReader) -> CgroupMemory? {
        guard let text = reader.read("/proc/self/cgroup") else { return nil }
        var v1Path: String?
        var v2Path: String?
        for line in ProcText.lines(text) {
            // hierarchy-ID:controller-list:cgroup-path (the path may itself contain ':').
            let parts = line.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let controllers = parts[1].split(separator: UInt8(ascii: ","))
            if controllers.contains(where: { ProcText.string($0) == "memory" }) {
                v1Path = ProcText.string(ProcText.trimmed(parts[2]))
            } else if ProcText.string(parts[0]) == "0", parts[1].isEmpty {
                v2Path = ProcText.string(ProcText.trimmed(parts[2]))
            }
        }
        let mounts = reader.read("/proc/self/mountinfo").map(MountInfo.parse) ?? []
        if let v1Path {
            let mount = mounts.first(where: \.isCgroupV1Memory)
            return locate(.v1, path: v1Path, mount: mount, defaultMountPoint: "/sys/fs/cgroup/memory", reader: reader)
        }
        if let v2Path {
            let mount = mounts.first(where: \.isCgroupV2)
            return locate(.v2, path: v2Path, mount: mount, defaultMountPoint: "/sys/fs/cgroup", reader: reader)
        }
        return nil
    }

    /// The cgroup directory: the mount point plus the cgroup path relative to the mount's root
    /// (inside a container both are usually `/`, outside the path names a sub-directory); falls
    /// back to the mount point itself.
    private static func locate(
        _ version: Version, path: String, mount: MountInfo?, defaultMountPoint: String,
        reader: ProcFileReader
    ) -> CgroupMemory? {
        let mountPoint = mount?.mountPoint ?? defaultMountPoint
        var relative = path
        if let root = mount?.root, root != "/", relative.hasPrefix(root) {
            relative = String(relative.dropFirst(root.count))
        }
        if relative == "/" { relative = "" }
        for directory in [mountPoint + relative, mountPoint] {
            let candidate = CgroupMemory(version: version, directory: directory)
            if reader.exists(candidate.usageFile) { return candidate }
        }
        return nil
    }

    /// Reads the current limit and usage, or `nil` when the usage cannot be read.
    func read(_ reader: ProcFileReader) -> Reading? {
        guard let usageText = reader.read(usageFile), let usage = ProcText.unsigned(usageText[...]) else { return nil }
        var limit: UInt64?
        if let limitText = reader.read(limitFile) {
            let value = ProcText.trimmed(limitText[...])
            switch version {
            case .v1:
                limit = ProcText.unsigned(value).flatMap { $0 >= SystemMetricsCollector.cgroupV1Unlimited ? nil : $0 }
            case .v2:
                limit = ProcText.string(value) == "max" ? nil : ProcText.unsigned(value)
            }
        }
        return Reading(limit: limit, usage: usage)
    }
}
