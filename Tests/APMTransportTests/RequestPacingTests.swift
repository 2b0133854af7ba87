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

import APMTransport
import Testing

@Suite("Request pacing")
struct RequestPacingTests {
    /// Drives a pacing through `commits` commits of `bytes` each, `gap` apart, claiming whenever
    /// one is due (as the sender does), and returns how many claims found events.
    func simulate(commits: Int, gap: Duration, bytes: Int, interval: Duration, sizeTrigger: Int) -> (requests: Int, end: Duration)
    {
        let start: UInt64 = 1_000_000_000
        var pacing = RequestPacing(interval: interval, sizeTrigger: sizeTrigger)
        var waiting = 0
        var requests = 0
        var now = start
        var nextCommit = start
        var committed = 0
        // The first claim of a new sender finds the queue empty.
        pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
        while committed < commits || waiting > 0 {
            let due = pacing.nextClaim(now: now)
            if due <= now {
                if waiting > 0 { requests += 1 }
                waiting = 0
                pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
                continue
            }
            if committed < commits, nextCommit <= due {
                now = max(now, nextCommit)
                waiting += 1
                committed += 1
                _ = pacing.committed(bytes: bytes, events: 1)
                nextCommit = now + UInt64(gap.inNanoseconds)
            } else {
                now = due
            }
        }
        return (requests, .nanoseconds(Int64(now - start)))
    }

    @Test(
        "steady load below api_request_size: at most one request per api_request_time",
        arguments: [
            (Duration.milliseconds(1), Duration.seconds(1)),
            (Duration.milliseconds(5), Duration.seconds(10)),
            (Duration.milliseconds(250), Duration.seconds(2)),
            (Duration.seconds(3), Duration.seconds(1)),
        ])
    func steadyLoad(gap: Duration, interval: Duration) {
        let commits = Int((Duration.seconds(10) / gap).rounded(.down))
        let (requests, _) = simulate(commits: commits, gap: gap, bytes: 100, interval: interval, sizeTrigger: .max)
        let bound = Int((Duration.seconds(10) / interval).rounded(.up)) + 1
        #expect(requests <= bound, "\(requests) requests for \(commits) commits, at most \(bound)")
        #expect(requests >= 1)
    }

    @Test("commits that fill the size trigger make a claim due at once")
    func sizeTrigger() {
        let now: UInt64 = 1_000_000_000
        var pacing = RequestPacing(interval: .seconds(10), sizeTrigger: 1000)
        pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
        #expect(pacing.nextClaim(now: now) == now + 10_000_000_000)
        let first = pacing.committed(bytes: 600, events: 1)
        #expect(!first)
        #expect(pacing.nextClaim(now: now) == now + 10_000_000_000)
        let second = pacing.committed(bytes: 600, events: 1)
        #expect(second)
        let third = pacing.committed(bytes: 600, events: 1)
        #expect(!third)
        #expect(pacing.nextClaim(now: now) == now)
        pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
        #expect(pacing.committedBytes == 0)
        #expect(pacing.nextClaim(now: now) == now + 10_000_000_000)
    }

    @Test("commits that fill the event trigger make a claim due at once")
    func eventTrigger() {
        let now: UInt64 = 1_000_000_000
        var pacing = RequestPacing(interval: .seconds(10), sizeTrigger: .max, eventTrigger: 100)
        pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
        let below = pacing.committed(bytes: 10, events: 99)
        #expect(!below)
        #expect(pacing.nextClaim(now: now) == now + 10_000_000_000)
        let filling = pacing.committed(bytes: 10, events: 1)
        #expect(filling)
        #expect(pacing.nextClaim(now: now) == now)
        pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
        #expect(pacing.committedEvents == 0)
    }

    @Test("commits made while a claim runs count toward the next claim")
    func commitsDuringClaim() {
        let now: UInt64 = 1_000_000_000
        var pacing = RequestPacing(interval: .seconds(10), sizeTrigger: 1_000, eventTrigger: 100)
        _ = pacing.committed(bytes: 500, events: 60)
        let counted = pacing.counted
        // The writer commits between the sender reading the counts and recording its claim.
        _ = pacing.committed(bytes: 300, events: 70)
        pacing.claimed(at: now, moreWaiting: false, counted: counted)
        #expect(pacing.committedBytes == 300 && pacing.committedEvents == 70)
        #expect(pacing.nextClaim(now: now) == now + 10_000_000_000)
        let filled = pacing.committed(bytes: 10, events: 30)
        #expect(filled)
        #expect(pacing.nextClaim(now: now) == now)
    }

    @Test("a new pacing, a full claim and a failure make the next claim due at once")
    func backlog() {
        let now: UInt64 = 1_000_000_000
        var pacing = RequestPacing(interval: .seconds(10), sizeTrigger: 1000)
        #expect(pacing.nextClaim(now: now) == now)
        pacing.claimed(at: now, moreWaiting: true, counted: pacing.counted)
        #expect(pacing.nextClaim(now: now) == now)
        pacing.claimed(at: now, moreWaiting: false, counted: pacing.counted)
        #expect(pacing.nextClaim(now: now) > now)
        pacing.resume()
        #expect(pacing.nextClaim(now: now) == now)
    }

    @Test("the simulated sender sends every event at most api_request_time after it was committed")
    func latencyBound() {
        let (requests, end) = simulate(commits: 3, gap: .seconds(6), bytes: 100, interval: .seconds(10), sizeTrigger: .max)
        #expect(requests == 2)
        #expect(end <= .seconds(20))
    }
}
