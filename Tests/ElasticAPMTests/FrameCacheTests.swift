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

import APMTestSupport
import Testing
@testable import ElasticAPM

@Suite("Frame cache")
struct FrameCacheTests {
    private func entry(_ address: UInt64) -> ResolvedAddress {
        ResolvedAddress(
            frame: StackFrame(
                function: String(address), filename: "f", absPath: nil, lineno: nil, module: nil, libraryFrame: false))
    }

    @Test("never holds more than its capacity, and an address used at every step stays", arguments: [2, 7, 64])
    func boundedAndKeepsHotAddresses(capacity: Int) {
        var generator = SeededGenerator(seed: UInt64(capacity))
        var cache = FrameCache(capacity: capacity)
        let hot: UInt64 = 1 << 40
        cache.insert(entry(hot), for: hot)
        for _ in 0..<(capacity * 20) {
            let address = UInt64.random(in: 0..<UInt64(capacity * 4), using: &generator)
            if cache.value(for: address) == nil { cache.insert(entry(address), for: address) }
            #expect(cache.value(for: hot)?.frame?.function == String(hot))
            #expect(cache.count <= max(capacity, 2))
        }
    }

    @Test("an entry keeps its frame, and thunks are kept as entries without one")
    func entries() {
        var cache = FrameCache(capacity: 8)
        cache.insert(entry(1), for: 1)
        cache.insert(ResolvedAddress(frame: nil), for: 2)
        #expect(cache.value(for: 1)?.frame?.function == "1")
        #expect(cache.contains(2))
        #expect(cache.value(for: 2)?.frame == nil)
        #expect(cache.value(for: 3) == nil)
    }
}
