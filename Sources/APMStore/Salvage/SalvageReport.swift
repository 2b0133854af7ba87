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

/// What ``EventQueue/init(path:options:logger:)`` recovered from a damaged file before
/// quarantining it (``EventQueue/salvageReport``).
package struct SalvageReport: Sendable, Equatable {
    /// Events copied into the new queue.
    package var recoveredEvents: Int
    /// Runs (metadata rows) copied.
    package var recoveredRuns: Int
    /// Dead letters copied (those whose run was readable).
    package var recoveredDeadLetters: Int
    /// Events that could not be read (counted in "dropped.corrupt").
    package var lostEvents: Int
    /// True when part of ``lostEvents`` is an estimate: blocks whose own event count was
    /// unreadable are counted at the average of the blocks read around them.
    package var lostIsEstimate: Bool

    /// Creates a value (normally produced by the store).
    package init(
        recoveredEvents: Int, recoveredRuns: Int, recoveredDeadLetters: Int = 0, lostEvents: Int, lostIsEstimate: Bool
    ) {
        self.recoveredEvents = recoveredEvents
        self.recoveredRuns = recoveredRuns
        self.recoveredDeadLetters = recoveredDeadLetters
        self.lostEvents = lostEvents
        self.lostIsEstimate = lostIsEstimate
    }

    /// One line for the log.
    var summary: String {
        let lost = lostEvents == 0 ? "nothing lost" : (lostIsEstimate ? "about " : "") + "\(lostEvents) events lost"
        let letters = recoveredDeadLetters == 0 ? "" : " and \(recoveredDeadLetters) dead letters"
        return "recovered \(recoveredEvents) events\(letters) of \(recoveredRuns) runs into a new queue, \(lost)"
    }
}
