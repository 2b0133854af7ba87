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

/// The recent splits of dotted span types (`db.postgresql.query`), per thread.
///
/// Span types repeat, and splitting one builds three strings on the application thread for every
/// span; a hit costs a length test and one string comparison (two words for the same literal).
/// Each thread keeps the last ``capacity`` distinct types and replaces them in turn.
enum SpanTypeCache {
    /// Distinct types kept per thread.
    static let capacity = 8

    private struct Entry {
        var dotted: String
        /// `dotted.utf8.count`: a cheap first test, as comparing unequal strings is not cheap.
        var length: Int
        var split: SpanTypeName
    }

    private struct Storage {
        var entries: UnsafeMutablePointer<Entry>
        var count = 0
        /// The slot the next miss replaces once the cache is full.
        var next = 0
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            let storage = pointer.assumingMemoryBound(to: Storage.self)
            #else
            guard let storage = pointer?.assumingMemoryBound(to: Storage.self) else { return }
            #endif
            storage.pointee.entries.deinitialize(count: storage.pointee.count)
            storage.pointee.entries.deallocate()
            storage.deinitialize(count: 1)
            storage.deallocate()
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    private static func storage() -> UnsafeMutablePointer<Storage> {
        if let existing = pthread_getspecific(key) {
            return existing.assumingMemoryBound(to: Storage.self)
        }
        let storage = UnsafeMutablePointer<Storage>.allocate(capacity: 1)
        storage.initialize(to: Storage(entries: .allocate(capacity: capacity)))
        pthread_setspecific(key, storage)
        return storage
    }

    /// The split of `dotted`, as ``SpanTypeName/init(dotted:)`` gives it.
    static func split(_ dotted: String) -> SpanTypeName {
        let storage = storage()
        let entries = storage.pointee.entries
        let count = storage.pointee.count
        let length = dotted.utf8.count
        for index in 0..<count where entries[index].length == length && entries[index].dotted == dotted {
            return entries[index].split
        }
        let split = SpanTypeName(dotted: dotted)
        let entry = Entry(dotted: dotted, length: length, split: split)
        if count < capacity {
            (entries + count).initialize(to: entry)
            storage.pointee.count = count + 1
        } else {
            entries[storage.pointee.next] = entry
            storage.pointee.next = (storage.pointee.next + 1) % capacity
        }
        return split
    }
}
