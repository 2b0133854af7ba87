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

@testable import ElasticAPM
import APMTestSupport
import Testing

@Suite("Container metadata discovery vectors", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct ContainerMetadataVectorTests {
    @Test("every case of container_metadata_discovery.json")
    func vectors() throws {
        let cases = try #require(try SharedSpecs.json("container_metadata_discovery.json") as? [String: [String: Any]])
        #expect(cases.count == 6)
        for (name, test) in cases.sorted(by: { $0.key < $1.key }) {
            let files = try #require(test["files"] as? [String: [String]], "\(name): files")
            let result = ContainerMetadataParser.parse(
                cgroup: files["/proc/self/cgroup"].map { $0.joined(separator: "\n") + "\n" },
                mountinfo: files["/proc/self/mountinfo"].map { $0.joined(separator: "\n") + "\n" }
            )
            #expect(result.containerID == test["containerId"] as? String, "\(name): containerId")
            #expect(result.podUID == test["podId"] as? String, "\(name): podId")
        }
    }
}

struct ContainerMetadataParserTests {
    static let id64 = "2227daf62df6694645fee5df53c1f91271546a9560e8600a525690ae252b7f63"

    func parse(_ cgroup: String?, _ mountinfo: String? = nil) -> (String?, String?) {
        let result = ContainerMetadataParser.parse(cgroup: cgroup, mountinfo: mountinfo)
        return (result.containerID, result.podUID)
    }

    @Test func dockerCgroupV1() {
        let cgroup = "12:devices:/docker/\(Self.id64)\n11:cpu:/docker/\(Self.id64)\n"
        #expect(parse(cgroup) == (Self.id64, nil))
    }

    @Test func kubepodsDirectoryForm() {
        let cgroup = "1:name=systemd:/kubepods/besteffort/pod0e886e9a-3879-45f9-b44d-86ef9df03224/\(Self.id64)"
        #expect(parse(cgroup) == (Self.id64, "0e886e9a-3879-45f9-b44d-86ef9df03224"))
        // The basename need not look like an id once the pod matched.
        #expect(parse("1:x:/kubepods/pod1234/anything") == ("anything", "1234"))
    }

    @Test func containerdCRIColonForm() {
        let cgroup =
            "1:name=systemd:/system.slice/containerd.service/kubepods-burstable-pod2c48913c_b29f_11e7_9350_020000000000.slice:cri-containerd:\(Self.id64)"
        #expect(parse(cgroup) == (Self.id64, "2c48913c-b29f-11e7-9350-020000000000"))
    }

    @Test func uuidLikeAndEcsIDs() {
        #expect(parse("1:x:/docker/05ec2e5e-5bd9-4e5a-9e08-e5a8fe8e0e61a") == ("05ec2e5e-5bd9-4e5a-9e08-e5a8fe8e0e61a", nil))
        #expect(parse("1:x:/ecs/task/03752a671e744971a862edcee6195646-1") == ("03752a671e744971a862edcee6195646-1", nil))
        #expect(parse("1:x:/ecs/task/03752a671e744971a862edcee6195646-12345678901") == (nil, nil))
        #expect(parse("1:x:/docker/\(Self.id64.dropLast())") == (nil, nil))
        #expect(parse("1:x:/docker/\(Self.id64.dropLast())g") == (nil, nil))
    }

    @Test func mountinfoFallbackOnlyForBareCgroupV2() {
        let mountinfo =
            "3997 3984 253:1 /var/lib/docker/containers/\(Self.id64)/hostname /etc/hostname rw,relatime - ext4 /dev/sda rw\n"
        #expect(parse("0::/\n", mountinfo) == (Self.id64, nil))
        #expect(parse("0::/user.slice/user-1000.slice/session-1.scope\n", mountinfo) == (nil, nil))
        #expect(parse(nil, mountinfo) == (nil, nil))
        #expect(parse("0::/\n", "1 2 3:4 /x /etc/hosts rw\n") == (nil, nil))
        let podman = "1 2 0:1 /var/lib/containers/storage/overlay-containers/\(Self.id64)/userdata/hostname /etc/hostname rw\n"
        #expect(parse("0::/", podman) == (Self.id64, nil))
    }

    @Test func emptyAndMalformedInput() {
        #expect(parse(nil) == (nil, nil))
        #expect(parse("") == (nil, nil))
        #expect(parse("\n\n") == (nil, nil))
        #expect(parse("no colons here") == (nil, nil))
        #expect(parse("1:only-one-colon") == (nil, nil))
        #expect(parse("1:x:") == (nil, nil))
        #expect(parse("1:x:/kubepods/pod") == (nil, nil))
        #expect(parse("1:x:/kubepods-pod.slice/x") == (nil, nil))
        #expect(parse("1:x:/a/kubepods-podX.slice-pod.slice/y") == ("y", "X.slice-pod"))
    }

    @Test func podMatchingAgreesWithTheSpecRegex() throws {
        let regex = try Regex(#"(?:^/kubepods[\S]*/pod([^/]+)$)|(?:kubepods[^/]*-pod([^/]+)\.slice)"#)
        var generator = SeededGenerator(seed: 1234)
        let fragments = [
            "/", "-", "_", ".slice", "kubepods", "-pod", "pod", " ", "x", "1", "/kubepods", "kubepods-pod", "/pod", "a_b.slice",
        ]
        var matched = 0
        for _ in 0..<5_000 {
            let directory = (0..<Int.random(in: 0...8, using: &generator)).map { _ in fragments.randomElement(using: &generator)!
            }.joined()
            let expected = try regex.firstMatch(in: directory).flatMap { match in
                (match.output[1].substring ?? match.output[2].substring).map { String($0.map { $0 == "_" ? "-" : $0 }) }
            }
            if expected != nil { matched += 1 }
            let result = ContainerMetadataParser.parse(cgroup: "1:x:\(directory)/base", mountinfo: nil)
            #expect(result.podUID == expected, "\(directory.debugDescription)")
        }
        #expect(matched > 50)
    }

    @Test func garbageNeverCrashes() {
        var generator = SeededGenerator(seed: 31337)
        let fragments = [
            "/", ":", "-", "_", ".scope", ".slice", "kubepods", "-pod", "pod", "0::/", "\n", " ", "/etc/hostname", Self.id64,
            "abc",
        ]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in fragments.randomElement(using: &generator)! }
                .joined()
            _ = ContainerMetadataParser.parse(cgroup: text, mountinfo: text)
            _ = ContainerMetadataParser.parse(
                cgroup: generator.garbage(maxLength: 60), mountinfo: generator.garbage(maxLength: 60))
        }
    }
}
