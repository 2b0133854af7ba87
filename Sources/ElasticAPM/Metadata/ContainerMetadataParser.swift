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

/// Finds the container id and Kubernetes pod UID in the contents of `/proc/self/cgroup` and
/// `/proc/self/mountinfo`, as Elastic's metadata spec describes.
///
/// Each cgroup line is `hierarchy-id:controllers:path`. The path is split on its last `:` if it
/// has one (containerd CRI), otherwise on its last `/`. A basename ending in `.scope` loses that
/// suffix and everything up to its last `-` (`cri-containerd-<id>.scope` gives `<id>`). A
/// Kubernetes pod directory (`/kubepods…/pod<uid>` or `…kubepods…-pod<uid>.slice`) gives the pod
/// UID (`_` becomes `-`) and makes the basename the container id; otherwise the basename is a
/// container id only if it is 64 hex digits, a UUID-like `8-4-4-4-4+` hex group, or ECS's
/// `<32 hex>-<1…10 digits>`.
///
/// Only when the cgroup file is just `0::/` (cgroup v2 in a private namespace) does the
/// `/etc/hostname` mount in `mountinfo` serve as a fallback: its source path names the
/// container's 64-hex-digit directory.
enum ContainerMetadataParser {
    /// Parses the two files' contents; `nil` contents count as unreadable files.
    static func parse(cgroup: String?, mountinfo: String?) -> (containerID: String?, podUID: String?) {
        guard let cgroup else { return (nil, nil) }
        var isCgroupV2Root = false
        var lineCount = 0
        for line in cgroup.split(whereSeparator: \.isNewline) {
            let line = line.trimmingWhitespace()
            guard !line.isEmpty else { continue }
            lineCount += 1
            guard let path = cgroupPath(of: line) else { continue }
            if line == "0::/" { isCgroupV2Root = true }
            if let found = parse(cgroupPath: path) { return found }
        }
        guard isCgroupV2Root, lineCount == 1, let mountinfo else { return (nil, nil) }
        return (containerID(inMountinfo: mountinfo), nil)
    }

    /// The path part of a cgroup line: everything after the second `:`.
    private static func cgroupPath(of line: Substring) -> Substring? {
        guard let first = line.firstIndex(of: ":"),
            let second = line[line.index(after: first)...].firstIndex(of: ":")
        else { return nil }
        return line[line.index(after: second)...]
    }

    private static func parse(cgroupPath path: Substring) -> (containerID: String?, podUID: String?)? {
        guard let separator = path.lastIndex(of: ":") ?? path.lastIndex(of: "/") else { return nil }
        let directory = path[..<separator]
        var basename = path[path.index(after: separator)...]
        if basename.hasSuffix(".scope") {
            basename = basename.dropLast(".scope".count)
            if let dash = basename.lastIndex(of: "-") { basename = basename[basename.index(after: dash)...] }
        }
        if let pod = podUID(inDirectory: directory) {
            return (basename.isEmpty ? nil : String(basename), String(pod.map { $0 == "_" ? "-" : $0 }))
        }
        return isContainerID(basename.utf8) ? (String(basename), nil) : nil
    }

    /// The pod UID per `^/kubepods\S*/pod([^/]+)$`, or else `kubepods[^/]*-pod([^/]+)\.slice`
    /// anywhere in the directory.
    private static func podUID(inDirectory directory: Substring) -> String? {
        let bytes = Array(directory.utf8)
        let kubepodsRoot = Array("/kubepods".utf8)
        if bytes.starts(with: kubepodsRoot), let slash = bytes.lastIndex(of: ASCII.slash), slash >= kubepodsRoot.count {
            let last = bytes[(slash + 1)...]
            if !bytes[kubepodsRoot.count..<slash].contains(where: isASCIIWhitespace),
                last.count > 3, last.starts(with: "pod".utf8)
            {
                return String(decoding: last.dropFirst(3), as: UTF8.self)
            }
        }
        for component in bytes.split(separator: ASCII.slash) {
            if let uid = podUID(inSliceComponent: component) { return String(decoding: uid, as: UTF8.self) }
        }
        return nil
    }

    /// `kubepods[^/]*-pod([^/]+)\.slice` inside one path component, with the choices a
    /// backtracking regular-expression engine makes: the first `kubepods`, the last `-pod`
    /// that is followed by a `.slice`, then the last such `.slice`.
    private static func podUID(inSliceComponent component: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let kubepods = Array("kubepods".utf8), dashPod = Array("-pod".utf8), slice = Array(".slice".utf8)
        guard let start = (component.startIndex..<component.endIndex).first(where: { occurs(kubepods, in: component, at: $0) })
        else { return nil }
        for podAt in stride(from: component.endIndex - dashPod.count, through: start + kubepods.count, by: -1)
        where occurs(dashPod, in: component, at: podAt) {
            let uidStart = podAt + dashPod.count
            for sliceAt in stride(from: component.endIndex - slice.count, through: uidStart + 1, by: -1)
            where occurs(slice, in: component, at: sliceAt) {
                return component[uidStart..<sliceAt]
            }
        }
        return nil
    }

    /// Whether `literal` appears in `bytes` starting at `offset` (and fits before the end).
    private static func occurs(_ literal: [UInt8], in bytes: ArraySlice<UInt8>, at offset: Int) -> Bool {
        offset >= bytes.startIndex && offset + literal.count <= bytes.endIndex
            && bytes[offset..<(offset + literal.count)].elementsEqual(literal)
    }

    /// `\s` of a regular expression: space, tab, line feed, vertical tab, form feed, return.
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || (0x09...0x0D).contains(byte)
    }

    /// 64 hex digits, `8-4-4-4-4+` hex groups, or `<32 hex>-<1…10 digits>`.
    private static func isContainerID(_ id: Substring.UTF8View) -> Bool {
        if id.count == 64 { return id.allSatisfy(ASCII.isHexDigit) }
        let groups = id.split(separator: ASCII.dash, omittingEmptySubsequences: false)
        if groups.count == 5 {
            let lengths = groups.map(\.count)
            return lengths[0] == 8 && lengths[1] == 4 && lengths[2] == 4 && lengths[3] == 4 && lengths[4] >= 4
                && groups.allSatisfy { $0.allSatisfy(ASCII.isHexDigit) }
        }
        if groups.count == 2 {
            return groups[0].count == 32 && groups[0].allSatisfy(ASCII.isHexDigit)
                && (1...10).contains(groups[1].count) && groups[1].allSatisfy(ASCII.isDigit)
        }
        return false
    }

    /// The last 64-hex-digit directory in the source path of the `/etc/hostname` mount.
    private static func containerID(inMountinfo mountinfo: String) -> String? {
        for line in mountinfo.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[4] == "/etc/hostname" else { continue }
            let id = fields[3].split(separator: "/").last { $0.utf8.count == 64 && $0.utf8.allSatisfy(ASCII.isHexDigit) }
            return id.map(String.init)
        }
        return nil
    }
}

private extension Substring {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = self[start...].lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
