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
import Instrumentation

/// The transaction and span that are current for the calling code.
///
/// Scoped APIs (`withTransaction`, `captureSpan`) bind them through a `TaskLocal`, so they follow
/// `await` and child tasks. `beginTransaction` in plain synchronous code (a script's `main`) binds the
/// transaction to the calling thread instead, like the Python agent's thread-local context. Spans of
/// ``APMTracer`` travel in `ServiceContext.current` (swift-distributed-tracing); the innermost of the two
/// is current, so agent APIs and tracer spans nest in either order.
struct ActiveContext: Sendable {
    /// The current transaction.
    var transaction: APMTransaction
    /// The current span, if any.
    var span: APMSpan?

    @TaskLocal static var bound: ActiveContext?

    /// The innermost of the context bound by a scoped API (else the calling thread's transaction) and the
    /// tracer span in `ServiceContext.current`.
    static var current: ActiveContext? {
        innermost(traced: ServiceContext.current?[ActiveContextKey.self], agent: agentBound)
    }

    /// The context bound by a scoped API, else the calling thread's transaction (ignoring tracer spans).
    static var agentBound: ActiveContext? {
        if let bound { return bound }
        return ThreadTransaction.get().map { ActiveContext(transaction: $0, span: nil) }
    }

    /// The inner of two contexts: within one transaction the deeper span, across transactions the one
    /// that started last.
    static func innermost(traced: ActiveContext?, agent: ActiveContext?) -> ActiveContext? {
        guard let traced else { return agent }
        guard let agent else { return traced }
        guard agent.transaction === traced.transaction else {
            return agent.startNanos >= traced.startNanos ? agent : traced
        }
        guard let tracedSpan = traced.span else { return agent }
        var ancestor = agent.span
        while let span = ancestor {
            if span === tracedSpan { return agent }
            ancestor = span.parent
        }
        return traced
    }

    /// When the innermost part (the span, else the transaction) started, on the monotonic clock.
    private var startNanos: UInt64 { span?.start.monotonicNanos ?? transaction.start.monotonicNanos }
}

/// The transaction begun on this thread by `beginTransaction` (a thread-local reference).
enum ThreadTransaction {
    private final class Box {
        let transaction: APMTransaction
        init(_ transaction: APMTransaction) { self.transaction = transaction }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// This thread's transaction.
    static func get() -> APMTransaction? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        return (Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as? Box)?.transaction
    }

    /// Replaces this thread's transaction.
    static func set(_ transaction: APMTransaction?) {
        if let old = pthread_getspecific(key) {
            Unmanaged<AnyObject>.fromOpaque(old).release()
        }
        let new = transaction.map { UnsafeMutableRawPointer(Unmanaged<AnyObject>.passRetained(Box($0)).toOpaque()) }
        pthread_setspecific(key, new)
    }
}
