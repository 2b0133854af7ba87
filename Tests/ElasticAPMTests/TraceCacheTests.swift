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

@Suite("Trace cache")
struct TraceCacheTests {
    private func frames(_ key: TraceKey) -> [StackFrame] {
        key.addresses.prefix(key.limit).map { address in
            StackFrame(function: String(address), filename: "f", absPath: nil, lineno: nil, module: nil, libraryFrame: false)
        }
    }

    @Test("never holds more than its capacity, and a trace used at every step stays", arguments: [2, 5, 32])
    func boundedAndKeepsHotTraces(capacity: Int) {
        var generator = SeededGenerator(seed: UInt64(capacity))
        var cache = TraceCache(capacity: capacity)
        let hot = TraceKey(addresses: [1 << 40, 1 << 41], limit: 50)
        cache.insert(frames(hot), for: hot)
        for _ in 0..<(capacity * 20) {
            let depth = Int.random(in: 1...4, using: &generator)
            let key = TraceKey(
                addresses: (0..<depth).map { _ in UInt64.random(in: 0..<UInt64(capacity * 2), using: &generator) },
                limit: 50)
            if cache.value(for: key) == nil { cache.insert(frames(key), for: key) }
            #expect(cache.value(for: key) == frames(key))
            #expect(cache.value(for: hot) == frames(hot))
            #expect(cache.count <= max(capacity, 2))
        }
    }

    @Test("the same addresses with another limit are another trace")
    func limitIsPartOfTheKey() {
        var cache = TraceCache(capacity: 8)
        let full = TraceKey(addresses: [1, 2, 3], limit: 50)
        let cut = TraceKey(addresses: [1, 2, 3], limit: 2)
        cache.insert(frames(full), for: full)
        #expect(cache.value(for: cut) == nil)
        cache.insert(frames(cut), for: cut)
        #expect(cache.value(for: cut)?.count == 2)
        #expect(cache.value(for: full)?.count == 3)
    }
}
