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
/// `await` and child tasks. `beginTransaction` and the agent's `beginSpan`, which are unavailable
/// from async code (a task changes threads at every `await`), bind to the calling thread instead,
/// like the Python agent's thread-local context; an ended transaction or span is no longer current
/// there, whoever ended it. Spans of ``APMTracer`` travel in `ServiceContext.current`
/// (swift-distributed-tracing); the innermost of them is current, so agent APIs and tracer spans
/// nest in any order.
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

    /// The inner of the context bound by a scoped API and the calling thread's (ignoring tracer spans).
    static var agentBound: ActiveContext? {
        innermost(traced: ThreadContext.get(), agent: bound)
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

/// The transaction begun on this thread by `beginTransaction` and the span begun in it by the
/// agent's `beginSpan` (a thread-local reference).
enum ThreadContext {
    private final class Box {
        let context: ActiveContext
        init(_ context: ActiveContext) { self.context = context }
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

    /// This thread's context: its transaction unless that has ended, with the innermost span that has not ended.
    static func get() -> ActiveContext? {
        guard let pointer = pthread_getspecific(key),
            let context = (Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as? Box)?.context
        else { return nil }
        guard !context.transaction.isEnded else {
            set(nil)
            return nil
        }
        var span = context.span
        while let ended = span, ended.isEnded { span = ended.parent }
        return ActiveContext(transaction: context.transaction, span: span)
    }

    /// Replaces this thread's context.
    static func set(_ context: ActiveContext?) {
        if let old = pthread_getspecific(key) {
            Unmanaged<AnyObject>.fromOpaque(old).release()
        }
        let new = context.map { UnsafeMutableRawPointer(Unmanaged<AnyObject>.passRetained(Box($0)).toOpaque()) }
        pthread_setspecific(key, new)
    }
}
