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

/// Per-thread xoshiro256** generator seeded from the system generator.
///
/// Ids are generated on application threads for every span; the system generator costs a
/// syscall per call, this costs a few nanoseconds and never contends between threads.
enum FastRandom {
    private struct State {
        var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            pointer.assumingMemoryBound(to: State.self).deallocate()
            #else
            pointer?.assumingMemoryBound(to: State.self).deallocate()
            #endif
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    private static func state() -> UnsafeMutablePointer<State> {
        if let existing = pthread_getspecific(key) {
            return existing.assumingMemoryBound(to: State.self)
        }
        var system = SystemRandomNumberGenerator()
        let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
        pointer.initialize(to: State(s0: system.next(), s1: system.next(), s2: system.next(), s3: system.next() | 1))
        pthread_setspecific(key, pointer)
        return pointer
    }

    /// The next 64 random bits of this thread's generator.
    static func next() -> UInt64 {
        let s = state()
        let result = rotl(s.pointee.s1 &* 5, 7) &* 9
        let t = s.pointee.s1 << 17
        s.pointee.s2 ^= s.pointee.s0
        s.pointee.s3 ^= s.pointee.s1
        s.pointee.s1 ^= s.pointee.s2
        s.pointee.s0 ^= s.pointee.s3
        s.pointee.s2 ^= t
        s.pointee.s3 = rotl(s.pointee.s3, 45)
        return result
    }

    /// A uniform double in [0, 1).
    static func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}
