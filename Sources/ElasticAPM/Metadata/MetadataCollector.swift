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

import APMTransport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gathers service, process and system metadata. Reads files under `/proc`, so it runs on the
/// agent's writer thread, never on an application thread.
struct MetadataCollector {
    /// Reads a file's text; injectable for tests.
    var readFile: (String) -> String? = { path in try? String(contentsOfFile: path, encoding: .utf8) }
    /// The process environment.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The agent's version.
    static let agentVersion = AgentVersion.current

    /// The Swift language version this agent was compiled with.
    static var swiftVersion: String {
        #if compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// Collects metadata for the given settings.
    func collect(settings: AgentSettings, ephemeralID: String) -> Metadata {
        let hostname = detectedHostname()
        let container = ContainerMetadataParser.parse(
            cgroup: readFile("/proc/self/cgroup"),
            mountinfo: readFile("/proc/self/mountinfo"))
        let podUID = environment["KUBERNETES_POD_UID"] ?? container.podUID
        let podName = environment["KUBERNETES_POD_NAME"] ?? (container.podUID != nil ? hostname : nil)
        let arguments = CommandLine.arguments
        return Metadata(
            service: .init(
                name: settings.serviceName, version: settings.serviceVersion, environment: settings.environment,
                nodeName: settings.serviceNodeName, agentVersion: Self.agentVersion,
                ephemeralID: ephemeralID, languageVersion: Self.swiftVersion),
            process: .init(
                pid: Int(getpid()), ppid: Int(getppid()),
                title: arguments.first.map { String($0.split(separator: "/").last ?? Substring($0)) },
                argv: settings.includeProcessArgs ? arguments : []),
            system: .init(
                detectedHostname: hostname, configuredHostname: settings.hostname,
                architecture: Self.architecture(), platform: Self.platform(),
                containerID: container.containerID,
                kubernetesNamespace: environment["KUBERNETES_NAMESPACE"],
                kubernetesNodeName: environment["KUBERNETES_NODE_NAME"],
                kubernetesPodName: podName, kubernetesPodUID: podUID),
            labels: settings.globalLabels)
    }

    /// `gethostname`, then `$HOSTNAME`, `$HOST`, `/etc/hostname`; trimmed and lower-cased (A–Z only).
    func detectedHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var candidates: [String?] = []
        if gethostname(&buffer, buffer.count) == 0 {
            candidates.append(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        candidates += [environment["HOSTNAME"], environment["HOST"], readFile("/etc/hostname")]
        for case let candidate? in candidates {
            let trimmed = String(
                String.UnicodeScalarView(
                    candidate.unicodeScalars.drop(while: { $0.value <= 0x20 })
                        .reversed().drop(while: { $0.value <= 0x20 }).reversed()))
            if !trimmed.isEmpty {
                return String(
                    String.UnicodeScalarView(
                        trimmed.unicodeScalars.map { scalar in
                            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
                        }))
            }
        }
        return "unknown"
    }

    /// `amd64`, `arm64` or the machine name `uname` reports.
    static func architecture() -> String {
        var info = utsname()
        uname(&info)
        let machine = withUnsafeBytes(of: &info.machine) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64", "arm64": return "arm64"
        default: return machine
        }
    }

    /// `linux`, `darwin`, …
    static func platform() -> String {
        #if os(Linux)
        return "linux"
        #elseif os(macOS)
        return "darwin"
        #else
        return "unknown"
        #endif
    }
}
