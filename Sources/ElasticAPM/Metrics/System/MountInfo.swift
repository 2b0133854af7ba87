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

/// The fields of one `/proc/self/mountinfo` line the cgroup lookup needs.
struct MountInfo: Equatable {
    /// The mount's root within its file system (field 4).
    var root: String
    /// Where it is mounted (field 5).
    var mountPoint: String
    /// The file system type (first field after ` - `).
    var fileSystem: String
    /// Field 5 onwards, as the spec's pattern sees it.
    var tail: String

    /// A cgroup v1 mount of the memory controller: the spec's pattern `.*cgroup.*memory.*`
    /// after the mount point, excluding cgroup2 mounts (whose options may mention `memory_…`).
    var isCgroupV1Memory: Bool {
        guard fileSystem != "cgroup2", let cgroup = tail.range(of: "cgroup") else { return false }
        return tail[cgroup.upperBound...].contains("memory")
    }

    /// A cgroup v2 (unified) mount.
    var isCgroupV2: Bool { fileSystem == "cgroup2" }

    /// Every parseable line of a mountinfo file.
    static func parse(_ text: [UInt8]) -> [MountInfo] {
        ProcText.lines(text).compactMap { line in
            let fields = ProcText.fields(line)
            guard fields.count >= 5 else { return nil }
            let separator = fields.firstIndex(where: { $0.elementsEqual("-".utf8) })
            let fileSystem = separator.flatMap { $0 + 1 < fields.count ? ProcText.string(fields[$0 + 1]) : nil } ?? ""
            return MountInfo(
                root: unescape(ProcText.string(fields[3])), mountPoint: unescape(ProcText.string(fields[4])),
                fileSystem: fileSystem, tail: ProcText.string(line[fields[4].startIndex...]))
        }
    }

    /// Decodes the kernel's octal escapes (`\040` for a space) in mountinfo paths.
    private static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count,
                let value = UInt8(String(decoding: utf8[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
