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
import Testing
@testable import ElasticAPM

@Suite("Metadata")
struct MetadataTests {
    @Test("service, process, system, container and Kubernetes fields are collected and encoded")
    func collected() throws {
        let files = [
            "/proc/self/cgroup":
                "1:name=systemd:/kubepods/besteffort/pod0e886e9a-3879-45f9-b44d-86ef9df03224/244a65edefdffe31685c42317c9054e71dc1193048cf9459e2a4dd35cbc1dba4\n",
            "/etc/hostname": "ignored\n",
        ]
        let collector = MetadataCollector(
            readFile: { files[$0] },
            environment: ["KUBERNETES_NAMESPACE": "shop", "KUBERNETES_NODE_NAME": "node-7"])
        var settings = AgentSettings()
        settings.serviceName = "checkout"
        settings.serviceVersion = "2.0"
        settings.environment = "production"
        settings.serviceNodeName = "checkout-1"
        settings.hostname = "configured.example"
        settings.globalLabels = [("team", "payments"), ("a.b", "c")]
        let metadata = collector.collect(settings: settings, ephemeralID: "e-1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(metadata.encoded())) as? [String: Any])
        let body = try #require(object["metadata"] as? [String: Any])
        #expect(body[path: "service.name"] as? String == "checkout")
        #expect(body[path: "service.version"] as? String == "2.0")
        #expect(body[path: "service.environment"] as? String == "production")
        #expect(body[path: "service.node.configured_name"] as? String == "checkout-1")
        #expect(body[path: "service.agent.name"] as? String == "swift")
        #expect(body[path: "service.agent.ephemeral_id"] as? String == "e-1")
        #expect(body[path: "service.language.name"] as? String == "Swift")
        #expect(body[path: "process.pid"] as? Int == Int(ProcessInfo.processInfo.processIdentifier))
        #expect(body[path: "system.configured_hostname"] as? String == "configured.example")
        let detected = body[path: "system.detected_hostname"] as? String ?? ""
        #expect(!detected.isEmpty && detected == detected.lowercased())
        #expect(["amd64", "arm64"].contains(body[path: "system.architecture"] as? String ?? ""))
        #expect(body[path: "system.platform"] as? String == "linux")
        #expect(
            body[path: "system.container.id"] as? String == "244a65edefdffe31685c42317c9054e71dc1193048cf9459e2a4dd35cbc1dba4")
        #expect(body[path: "system.kubernetes.pod.uid"] as? String == "0e886e9a-3879-45f9-b44d-86ef9df03224")
        #expect(body[path: "system.kubernetes.pod.name"] as? String == detected)
        #expect(body[path: "system.kubernetes.namespace"] as? String == "shop")
        #expect(body[path: "system.kubernetes.node.name"] as? String == "node-7")
        #expect(body[path: "labels.team"] as? String == "payments")
        #expect(body[path: "labels.a_b"] as? String == "c")
    }

    @Test("outside a container no container or Kubernetes fields are sent")
    func plainHost() throws {
        let collector = MetadataCollector(readFile: { $0 == "/proc/self/cgroup" ? "0::/\n" : nil }, environment: [:])
        var settings = AgentSettings()
        settings.serviceName = "svc"
        let text = String(decoding: collector.collect(settings: settings, ephemeralID: "x").encoded(), as: UTF8.self)
        #expect(!text.contains("container"))
        #expect(!text.contains("kubernetes"))
        #expect(!text.contains("configured_hostname"))
    }
}
