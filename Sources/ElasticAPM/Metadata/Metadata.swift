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

/// The process-level metadata sent as the first line of every intake request.
struct Metadata: Sendable, Equatable {
    struct Service: Sendable, Equatable {
        var name: String
        var version: String?
        var environment: String?
        var nodeName: String?
        var agentVersion: String
        var ephemeralID: String
        var languageVersion: String
    }

    struct Process: Sendable, Equatable {
        var pid: Int
        var ppid: Int?
        var title: String?
        var argv: [String]
    }

    struct System: Sendable, Equatable {
        var detectedHostname: String
        var configuredHostname: String?
        var architecture: String
        var platform: String
        var containerID: String?
        var kubernetesNamespace: String?
        var kubernetesNodeName: String?
        var kubernetesPodName: String?
        var kubernetesPodUID: String?
    }

    var service: Service
    var process: Process
    var system: System
    var labels: [(String, String)]

    static func == (lhs: Metadata, rhs: Metadata) -> Bool {
        lhs.service == rhs.service && lhs.process == rhs.process && lhs.system == rhs.system
            && lhs.labels.elementsEqual(rhs.labels, by: { $0 == $1 })
    }

    /// The `{"metadata":{…}}` ndjson line.
    func encoded() -> [UInt8] {
        func keyword(_ value: String) -> String { FieldLimits.truncate(value, maxScalars: FieldLimits.keywordLength) }
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("metadata")
        writer.beginObject()
        writer.key("service")
        writer.beginObject()
        writer.field("name", keyword(service.name))
        writer.field("version", service.version.map(keyword))
        writer.field("environment", service.environment.map(keyword))
        if let node = service.nodeName {
            writer.key("node")
            writer.beginObject()
            writer.field("configured_name", keyword(node))
            writer.endObject()
        }
        writer.key("agent")
        writer.beginObject()
        writer.field("name", "swift")
        writer.field("version", service.agentVersion)
        writer.field("ephemeral_id", service.ephemeralID)
        writer.field("activation_method", "unknown")
        writer.endObject()
        writer.key("language")
        writer.beginObject()
        writer.field("name", "Swift")
        writer.field("version", service.languageVersion)
        writer.endObject()
        writer.key("runtime")
        writer.beginObject()
        writer.field("name", "Swift")
        writer.field("version", service.languageVersion)
        writer.endObject()
        writer.endObject()
        writer.key("process")
        writer.beginObject()
        writer.field("pid", process.pid)
        writer.field("ppid", process.ppid)
        writer.field("title", process.title.map(keyword))
        if !process.argv.isEmpty {
            writer.key("argv")
            writer.beginArray()
            for argument in process.argv { writer.string(keyword(argument)) }
            writer.endArray()
        }
        writer.endObject()
        writer.key("system")
        writer.beginObject()
        writer.field("detected_hostname", keyword(system.detectedHostname))
        writer.field("configured_hostname", system.configuredHostname.map(keyword))
        writer.field("architecture", system.architecture)
        writer.field("platform", system.platform)
        if let container = system.containerID {
            writer.key("container")
            writer.beginObject()
            writer.field("id", keyword(container))
            writer.endObject()
        }
        if system.kubernetesNamespace != nil || system.kubernetesNodeName != nil || system.kubernetesPodName != nil
            || system.kubernetesPodUID != nil
        {
            writer.key("kubernetes")
            writer.beginObject()
            writer.field("namespace", system.kubernetesNamespace.map(keyword))
            if let node = system.kubernetesNodeName {
                writer.key("node")
                writer.beginObject()
                writer.field("name", keyword(node))
                writer.endObject()
            }
            if system.kubernetesPodName != nil || system.kubernetesPodUID != nil {
                writer.key("pod")
                writer.beginObject()
                writer.field("name", system.kubernetesPodName.map(keyword))
                writer.field("uid", system.kubernetesPodUID.map(keyword))
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endObject()
        if !labels.isEmpty {
            writer.key("labels")
            writer.beginObject()
            for (key, value) in labels {
                writer.dynamicKey(LabelKey.sanitize(key))
                writer.string(keyword(value))
            }
            writer.endObject()
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
