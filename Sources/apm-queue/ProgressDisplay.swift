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
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The progress of a flush on standard output: on a terminal one line redrawn in place (a bar,
/// flushed/total, the rate) at most ten times a second; otherwise a plain line
/// (`flushed 1200/5000 events`) at most once a second, when the count changed. Messages
/// on standard error first clear the bar, so the two never mix on one line.
final class ProgressDisplay: Sendable {
    private struct State {
        var total = 0
        var started = ContinuousClock.now
        var lastDraw: ContinuousClock.Instant?
        var lastFlushed: Int?
        var barShown = false
    }

    /// Whether standard output is a terminal.
    private let isTerminal: Bool
    private let state = Mutex(State())

    private static let barWidth = 30
    private static let clearLine = "\r\u{1B}[K"

    /// A display drawing on a terminal or not.
    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    /// Starts showing progress towards `total` events, the rate counted from now.
    func begin(total: Int) {
        state.withLock { state in
            state.total = total
            state.started = .now
        }
    }

    /// Shows `flushed` events done, unless the last line was drawn too recently.
    func update(flushed: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            if isTerminal {
                if let last = state.lastDraw, last.duration(to: now) < .milliseconds(100) { return }
                draw(bar(flushed: flushed, state: state, at: now), &state)
            } else {
                if let last = state.lastDraw, last.duration(to: now) < .seconds(1) { return }
                guard state.lastFlushed != flushed else { return }
                Console.out(plain(flushed: flushed, state: state))
            }
            state.lastDraw = now
            state.lastFlushed = flushed
        }
    }

    /// Shows the final count (on a terminal, the bar stays, ended by a newline).
    func finish(flushed: Int) {
        state.withLock { state in
            if isTerminal {
                draw(bar(flushed: flushed, state: state, at: .now), &state)
                Console.draw("\n")
                state.barShown = false
            } else if state.lastFlushed != flushed {
                Console.out(plain(flushed: flushed, state: state))
            }
            state.lastFlushed = flushed
        }
    }

    /// Prints `apm-queue: message` on standard error, below or instead of the bar, which the
    /// next update draws again.
    func message(_ message: String) {
        state.withLock { state in
            if state.barShown {
                Console.draw(Self.clearLine)
                state.barShown = false
                state.lastDraw = nil
            }
            Console.error(message)
        }
    }

    private func draw(_ line: String, _ state: inout State) {
        Console.draw(Self.clearLine + line)
        state.barShown = true
    }

    /// `flushed 1200/5000 events`.
    private func plain(flushed: Int, state: State) -> String {
        "flushed \(flushed)/\(max(state.total, flushed)) events"
    }

    /// `[=======>                      ] 1,200/5,000 events 24%  850/s`.
    private func bar(flushed: Int, state: State, at now: ContinuousClock.Instant) -> String {
        let total = max(state.total, flushed)
        let filled = total == 0 ? Self.barWidth : flushed * Self.barWidth / total
        var bar = String(repeating: "=", count: filled)
        if filled < Self.barWidth {
            bar += ">" + String(repeating: " ", count: Self.barWidth - filled - 1)
        }
        let seconds = state.started.duration(to: now).inSeconds
        let rate = seconds > 0 ? Int((Double(flushed) / seconds).rounded()) : 0
        let percent = total == 0 ? 100 : flushed * 100 / total
        let line =
            "[\(bar)] \(HumanFormat.count(flushed))/\(HumanFormat.count(total)) events \(percent)%  \(HumanFormat.count(rate))/s"
        return HumanFormat.truncate(line, to: HumanFormat.width - 1)
    }
}
