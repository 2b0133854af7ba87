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

import APMRuntime
import Foundation

#if os(Linux)
import Runtime
#endif

/// Turns captured stacks into frames for the writer thread.
///
/// Symbolication (``Symbolizer``, reading the binaries' symbol tables and line programs) runs on a
/// thread of its own ("elastic-apm-symbols"), started when the first stack trace needs resolving:
/// the first lookup in a binary indexes its symbol table, and the first line lookup its line
/// programs' address ranges, which the writer thread must not wait for (events would
/// pile up at the hand-off and be dropped). The writer waits at most ``waitBudgetNanos`` for a
/// trace, and only when the resolver is warm and has nothing else to do; frames not resolved by
/// then are reported by address (binary, offset and build id) while the lookup completes in the
/// background, so the next trace through the same code is resolved. Resolved frames are kept by
/// address in a bounded ``FrameCache`` of ``cacheCapacity`` entries, and whole traces resolved from
/// it by their addresses in a ``TraceCache`` of ``traceCacheCapacity`` traces.
final class StackTraceResolver: @unchecked Sendable {
    /// The process's resolver: addresses, symbol tables and the cache are process-wide.
    static let shared = StackTraceResolver()

    /// The longest the writer waits for the resolver thread to symbolicate one trace.
    static let waitBudgetNanos: UInt64 = 50_000_000

    /// The most traces waiting for the resolver thread; beyond it a trace is reported as it is
    /// (its code is met again later and resolved then).
    static let pendingLimit = 64

    /// The most addresses whose frames are kept.
    static let cacheCapacity = 8192

    /// The most whole traces whose frames are kept.
    static let traceCacheCapacity = 512

    /// The resolver thread; its lock guards the state below.
    private let worker = Worker(name: "elastic-apm-symbols")
    private var condition: ConditionLock { worker.lock }
    // Guarded by `condition`.
    private var cache = FrameCache(capacity: StackTraceResolver.cacheCapacity)
    private var traces = TraceCache(capacity: StackTraceResolver.traceCacheCapacity)
    private var pending: [CapturedStackTrace] = []
    private var warm = false
    private var busy = false

    #if os(Linux)
    /// Makes the resolver thread's ``Symbolizer``; only that thread uses it.
    private let makeSymbolizer: @Sendable () -> Symbolizer

    /// A resolver whose thread reads the process's binaries (`false`: the `dladdr` fallback alone).
    init(readsBinaries: Bool = true) {
        makeSymbolizer = { Symbolizer(readsBinaries: readsBinaries) }
    }
    #else
    init() {}
    #endif

    /// Starts the resolver thread (once); it symbolicates its own stack first, which loads the
    /// executable's tables. Returns `true` for the call that started it.
    @discardableResult
    func start() -> Bool {
        #if os(Linux)
        return worker.start { [self] in run() }
        #else
        return condition.withLock {
            defer { warm = true }
            return !warm
        }
        #endif
    }

    /// Waits until the resolver thread has loaded the executable's tables or `timeout` passes;
    /// returns whether it is warm.
    @discardableResult
    func waitUntilWarm(timeout: Duration) -> Bool {
        start()
        let deadline = SystemClock().deadline(after: timeout)
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: deadline) { warm }
    }

    /// Waits until every trace handed to the resolver thread is symbolicated or `timeout` passes;
    /// returns whether it is idle.
    @discardableResult
    func waitUntilIdle(timeout: Duration) -> Bool {
        start()
        let deadline = SystemClock().deadline(after: timeout)
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: deadline) { warm && !busy && pending.isEmpty }
    }

    /// The number of addresses whose frames are cached.
    var cachedAddresses: Int {
        condition.withLock { cache.count }
    }

    /// The frames of `trace`, without the Swift runtime's own thunks, at most `trace.limit` of them.
    func resolve(_ trace: CapturedStackTrace) -> [StackFrame] {
        resolveTrace(trace).frames
    }

    /// The frames of `trace`, and whether they are final: every frame symbolicated as far as it
    /// can be (frames reported by address while a lookup is pending are not).
    func resolveTrace(_ trace: CapturedStackTrace) -> (frames: [StackFrame], final: Bool) {
        #if os(Linux)
        start()
        let key = TraceKey(addresses: Self.addresses(of: trace), limit: trace.limit)
        let addresses = key.addresses
        condition.lock()
        defer { condition.unlock() }
        if let frames = traces.value(for: key) { return (frames, true) }
        if let frames = cachedFrames(addresses, limit: trace.limit) {
            traces.insert(frames, for: key)
            return (frames, true)
        }
        // Wait only when this trace is the warm resolver's one job: while it is still loading tables
        // or behind, a burst of errors must not cost the writer a wait each.
        let waits = warm && !busy && pending.isEmpty
        if pending.count < Self.pendingLimit {
            pending.append(trace)
            condition.broadcast()
        }
        guard waits else { return (partiallyResolvedFrames(addresses, limit: trace.limit), false) }
        let deadline = SystemClock().monotonicNanos + Self.waitBudgetNanos
        _ = condition.wait(until: deadline) { addresses.allSatisfy { cache.contains($0) } }
        if let frames = cachedFrames(addresses, limit: trace.limit) {
            traces.insert(frames, for: key)
            return (frames, true)
        }
        return (partiallyResolvedFrames(addresses, limit: trace.limit), false)
        #else
        let frames = trace.symbols.prefix(trace.limit).map { line in
            StackFrame(function: line, filename: "unknown", absPath: nil, lineno: nil, module: nil, libraryFrame: false)
        }
        return (frames, true)
        #endif
    }

    #if os(Linux)
    /// The resolver thread: warm up, then symbolicate queued traces into the cache.
    private func run() {
        let symbolizer = makeSymbolizer()
        if let own = CapturedStackTrace.capture(skipping: 0, limit: 16) {
            store(symbolicate(own, with: symbolizer))
        }
        condition.withLock {
            warm = true
            condition.broadcast()
        }
        while true {
            condition.lock()
            _ = worker.sleepLocked(until: nil) { !pending.isEmpty }
            let trace = pending.removeFirst()
            let unknown = Self.addresses(of: trace).filter { !cache.contains($0) }
            busy = !unknown.isEmpty
            condition.unlock()
            if !unknown.isEmpty { store(symbolicate(unknown, with: symbolizer)) }
        }
    }

    private func symbolicate(_ trace: CapturedStackTrace, with symbolizer: Symbolizer) -> [(UInt64, ResolvedAddress)] {
        symbolicate(Self.addresses(of: trace), with: symbolizer)
    }

    private func symbolicate(_ addresses: [UInt64], with symbolizer: Symbolizer) -> [(UInt64, ResolvedAddress)] {
        addresses.map { address in (address, ResolvedAddress(frame: symbolizer.frame(at: address))) }
    }

    private func store(_ resolved: [(UInt64, ResolvedAddress)]) {
        condition.withLock {
            for (address, entry) in resolved { cache.insert(entry, for: address) }
            busy = false
            condition.broadcast()
        }
    }

    /// The frames for `addresses` when every one is in the cache, else `nil`. Call with the lock held.
    private func cachedFrames(_ addresses: [UInt64], limit: Int) -> [StackFrame]? {
        guard addresses.allSatisfy({ cache.contains($0) }) else { return nil }
        return partiallyResolvedFrames(addresses, limit: limit)
    }

    /// Cached frames where known, address-only frames for the rest. Call with the lock held.
    private func partiallyResolvedFrames(_ addresses: [UInt64], limit: Int) -> [StackFrame] {
        var frames: [StackFrame] = []
        frames.reserveCapacity(min(addresses.count, limit))
        for address in addresses {
            guard frames.count < limit else { break }
            if let entry = cache.value(for: address) {
                if let frame = entry.frame { frames.append(frame) }
            } else {
                frames.append(Symbolizer.addressFrame(at: address, images: ImageMapCache.images))
            }
        }
        return frames
    }

    /// The program counters of `trace`.
    static func addresses(of trace: CapturedStackTrace) -> [UInt64] {
        trace.addresses
    }
    #endif
}
