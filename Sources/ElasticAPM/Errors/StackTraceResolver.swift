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
/// Symbolication runs on a thread of its own ("elastic-apm-symbols"), started when the first stack
/// trace needs resolving: the first lookup in a binary loads its symbol and line tables, which takes
/// seconds for a large debug build (and, through the toolchain's `Runtime` module, much memory: about
/// 185 MiB of RSS for the release benchmark binary built with debug info), and the writer thread must
/// never stall that long (events would pile up at the hand-off and be dropped). The writer waits at
/// most ``waitBudgetNanos`` for a trace, and only when the resolver is warm and has nothing else
/// to do; frames not resolved by then are reported unresolved (address
/// and binary name) while the lookup completes in the background, so the next trace through the same
/// code is resolved. Resolved frames are cached by address for the life of the process.
final class StackTraceResolver: @unchecked Sendable {
    /// The process's resolver: addresses, symbol tables and the cache are process-wide.
    static let shared = StackTraceResolver()

    /// The longest the writer waits for the resolver thread to symbolicate one trace.
    static let waitBudgetNanos: UInt64 = 50_000_000

    /// The most traces waiting for the resolver thread; beyond it a trace is reported as it is
    /// (its code is met again later and resolved then).
    static let pendingLimit = 64

    /// The resolver thread; its lock guards the state below.
    private let worker = Worker(name: "elastic-apm-symbols")
    private var condition: ConditionLock { worker.lock }
    // Guarded by `condition`.
    private var cache: [UInt64: [StackFrame]] = [:]
    private var pending: [CapturedStackTrace] = []
    private var warm = false
    private var busy = false
    private let cacheLimit = 8192

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

    /// The frames of `trace`, without the Swift runtime's own thunks, at most `trace.limit` of them.
    func resolve(_ trace: CapturedStackTrace) -> [StackFrame] {
        #if os(Linux)
        start()
        let addresses = Self.addresses(of: trace)
        condition.lock()
        defer { condition.unlock() }
        if let frames = cachedFrames(addresses, limit: trace.limit) { return frames }
        // Wait only when this trace is the warm resolver's one job: while it is still loading tables
        // or behind, a burst of errors must not cost the writer a wait each.
        let waits = warm && !busy && pending.isEmpty
        if pending.count < Self.pendingLimit {
            pending.append(trace)
            condition.broadcast()
        }
        guard waits else { return partiallyResolvedFrames(addresses, limit: trace.limit) }
        let deadline = SystemClock().monotonicNanos + Self.waitBudgetNanos
        _ = condition.wait(until: deadline) { cachedFrames(addresses, limit: trace.limit) != nil }
        if let frames = cachedFrames(addresses, limit: trace.limit) { return frames }
        return partiallyResolvedFrames(addresses, limit: trace.limit)
        #else
        return trace.symbols.prefix(trace.limit).map { line in
            StackFrame(function: line, filename: "unknown", absPath: nil, lineno: nil, module: nil, libraryFrame: false)
        }
        #endif
    }

    #if os(Linux)
    /// The resolver thread: warm up, then symbolicate queued traces into the cache.
    private func run() {
        if let own = CapturedStackTrace.capture(skipping: 0, limit: 16) {
            store(Self.symbolicate(own))
        }
        condition.withLock {
            warm = true
            condition.broadcast()
        }
        while true {
            condition.lock()
            _ = worker.sleepLocked(until: nil) { !pending.isEmpty }
            let trace = pending.removeFirst()
            let known = !Self.addresses(of: trace).contains { address in address.map { cache[$0] == nil } ?? false }
            busy = !known
            condition.unlock()
            if !known { store(Self.symbolicate(trace)) }
        }
    }

    private func store(_ resolved: [UInt64: [StackFrame]]) {
        condition.withLock {
            if cache.count + resolved.count > cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache.merge(resolved) { _, new in new }
            busy = false
            condition.broadcast()
        }
    }

    /// The frames for `addresses` when every one is in the cache, else `nil`. Call with the lock held.
    private func cachedFrames(_ addresses: [UInt64?], limit: Int) -> [StackFrame]? {
        var frames: [StackFrame] = []
        frames.reserveCapacity(min(addresses.count, limit))
        for address in addresses {
            guard let address else { continue }
            guard let entry = cache[address] else { return nil }
            frames.append(contentsOf: entry)
        }
        return Array(frames.prefix(limit))
    }

    /// Cached frames where known, address-only frames for the rest. Call with the lock held.
    private func partiallyResolvedFrames(_ addresses: [UInt64?], limit: Int) -> [StackFrame] {
        var frames: [StackFrame] = []
        frames.reserveCapacity(min(addresses.count, limit))
        for address in addresses {
            guard let address else { continue }
            frames.append(contentsOf: cache[address] ?? [Self.unresolvedFrame(address)])
        }
        return Array(frames.prefix(limit))
    }

    /// The frames of every address in `trace` (inlined frames first, thunks left out; address-only
    /// frames where symbolication found nothing).
    private static func symbolicate(_ trace: CapturedStackTrace) -> [UInt64: [StackFrame]] {
        var resolved: [UInt64: [StackFrame]] = [:]
        if let symbolicated = trace.backtrace.symbolicated(with: ImageMapCache.images) {
            for frame in symbolicated.frames {
                guard let address = address(of: frame.captured) else { continue }
                resolved[address, default: []].append(contentsOf: self.frame(from: frame).map { [$0] } ?? [])
            }
        }
        for case let address? in addresses(of: trace) where resolved[address] == nil {
            resolved[address] = [unresolvedFrame(address)]
        }
        return resolved
    }

    private static func addresses(of trace: CapturedStackTrace) -> [UInt64?] {
        trace.backtrace.frames.map(address(of:))
    }

    private static func address(of frame: Backtrace.Frame) -> UInt64? {
        switch frame {
        case .programCounter(let address), .returnAddress(let address), .asyncResumePoint(let address):
            return UInt64(address)
        case .omittedFrames, .truncated:
            return nil
        @unknown default:
            return nil
        }
    }

    /// A frame known only by its address and the binary it lies in.
    private static func unresolvedFrame(_ address: UInt64) -> StackFrame {
        let image = ImageMapCache.images.first { image in
            guard let base = UInt64(image.baseAddress), let end = UInt64(image.endOfText) else { return false }
            return base <= address && address < end
        }
        let name = image?.name ?? "unknown"
        return StackFrame(
            function: "0x" + String(address, radix: 16), filename: name, absPath: nil, lineno: nil,
            module: image?.name, libraryFrame: isLibraryImage(name))
    }

    private static func frame(from frame: SymbolicatedBacktrace.Frame) -> StackFrame? {
        guard let symbol = frame.symbol else { return nil }
        if symbol.isSwiftThunk { return nil }
        let image = symbol.imageName
        let location = symbol.sourceLocation
        let path = location?.path
        let filename = path.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? image
        return StackFrame(
            function: symbol.name, filename: filename, absPath: path, lineno: location.map { $0.line },
            module: image, libraryFrame: symbol.isSystemFunction || frame.isSystem || isLibraryImage(image))
    }

    private static func isLibraryImage(_ image: String) -> Bool {
        image.hasPrefix("libswift") || image.hasPrefix("libc") || image.hasPrefix("libFoundation")
            || image.hasPrefix("libdispatch") || image.hasPrefix("ld-linux")
    }
    #endif
}
