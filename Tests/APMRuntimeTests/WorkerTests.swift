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
import Testing

@Suite("Worker")
struct WorkerTests {
    @Test("a periodic worker on a manual clock fires exactly when time passes each deadline")
    func periodicOnManualClock() async {
        let clock = ManualClock()
        let worker = Worker(name: "tick-test", clock: clock)
        let ticks = Ticks()
        let start = clock.monotonicNanos
        worker.start {
            while worker.sleep(for: .seconds(10)) != .stopping {
                ticks.append(clock.monotonicNanos - start)
            }
        }
        #expect(await clock.waitForSleeper(after: .seconds(9)))
        clock.advance(by: .seconds(9))
        clock.advance(by: .seconds(1))
        #expect(await clock.waitForSleeper(after: .seconds(9)))
        clock.advance(by: .seconds(25))
        #expect(await clock.waitForSleeper(after: .seconds(9)))
        #expect(ticks.values == [10_000_000_000, 35_000_000_000])
        #expect(worker.stop(timeout: .seconds(30)))
        #expect(worker.hasExited)
    }

    @Test("wake ends a sleep without deadline once; ready ends it while the condition holds; stop ends every sleep")
    func wakeReadyStop() async {
        let worker = Worker(name: "wake-test")
        let outcomes = Outcomes()
        let ready = Recorder<Bool>()
        worker.start {
            outcomes.append(worker.sleep(until: nil))
            outcomes.append(worker.sleep(until: nil) { !ready.values.isEmpty })
            outcomes.append(worker.sleep(until: nil))
            outcomes.append(worker.sleep(for: .seconds(3600)))
        }
        worker.wake()
        #expect(await eventually { outcomes.values.count == 1 })
        worker.lock.withLock {
            ready.append(true)
            worker.lock.broadcast()
        }
        #expect(await eventually { outcomes.values.count == 2 })
        worker.wake()
        #expect(await eventually { outcomes.values.count == 3 })
        #expect(worker.stop(timeout: .seconds(30)))
        #expect(outcomes.values == [.woken, .ready, .woken, .stopping])
    }

    @Test("start runs the body once on a thread with the worker's name (15 bytes on Linux)")
    func startOnce() {
        let worker = Worker(name: "elastic-apm-runtime-test")
        let names = Outcome()
        #expect(worker.start { names.set(Self.currentThreadName()) })
        #expect(!worker.start { names.set("second") })
        #expect(worker.join(timeout: .seconds(30)))
        #if os(Linux)
        #expect(names.value == "elastic-apm-run")
        #endif
        let stopped = Worker(name: "stopped")
        #expect(stopped.stop(timeout: .zero))
        #expect(!stopped.start {})
    }

    @Test("stop gives up after its timeout on a thread that does not return, and the thread finishes later")
    func stopTimesOut() async {
        let worker = Worker(name: "stuck-test")
        let gate = Gate()
        worker.start { gate.wait() }
        #expect(!worker.stop(timeout: .milliseconds(20)))
        #expect(!worker.hasExited)
        gate.release()
        #expect(worker.join(timeout: .seconds(30)))
    }

    @Test("a timed wait on the system clock times out, and returns the predicate")
    func systemTimedWait() {
        let lock = ConditionLock()
        let clock = SystemClock()
        let deadline = clock.deadline(after: .milliseconds(5))
        let held = lock.withLock { lock.wait(until: deadline) { false } }
        #expect(!held)
        #expect(clock.monotonicNanos >= deadline)
        #expect(lock.withLock { lock.wait(until: deadline) { true } })
    }

    /// The calling thread's name as the kernel holds it.
    static func currentThreadName() -> String {
        #if os(Linux)
        let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return name.trimmingCharacters(in: .newlines)
        #else
        return ""
        #endif
    }
}
