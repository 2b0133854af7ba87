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

import APMStore
import ArgumentParser

/// `apm-queue purge`: deletes waiting events (by kind, by age, or all) and/or dead letters.
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete waiting events by kind or age, all of them, or the dead letters.",
        discussion: """
            Asks for confirmation on a terminal; without one (a script, a pipe) it refuses unless \
            --yes is given. Events leased by a sender are deleted too (its acknowledgement then \
            finds nothing to delete). Deleted events are counted in the `purged` counter.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Delete events of this kind.")
    var kind: String?

    @Option(help: ArgumentHelp("Delete events created longer ago than this (e.g. 30m, 24h).", valueName: "duration"))
    var olderThan: TimeSpan?

    @Flag(help: "Delete every waiting event.")
    var all = false

    @Flag(help: "Delete every dead letter.")
    var deadLetters = false

    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.")
    var yes = false

    func validate() throws {
        if all && (kind != nil || olderThan != nil) {
            throw ValidationError("--all cannot be combined with --kind or --older-than")
        }
        if !all && kind == nil && olderThan == nil && !deadLetters {
            throw ValidationError("say what to purge: --kind, --older-than, --all and/or --dead-letters")
        }
    }

    /// Whether events (not only dead letters) are to be deleted.
    private var purgesEvents: Bool { all || kind != nil || olderThan != nil }

    func run() throws {
        let queue = try global.openCurrent()
        let cutoff = olderThan.map { EventQueue.now() - $0.microseconds }
        let matching: (events: Int, bytes: Int64)
        let letters: Int
        do throws(QueueError) {
            matching = purgesEvents ? try queue.countEvents(kind: kind, olderThan: cutoff) : (0, 0)
            letters = deadLetters ? try queue.stats(now: EventQueue.now()).deadLetters : 0
        } catch {
            throw CommandFailure(error)
        }
        var targets: [String] = []
        if matching.events > 0 {
            targets.append("\(describe(matching.events)) (\(HumanFormat.bytes(matching.bytes)))")
        }
        if letters > 0 { targets.append(HumanFormat.count(letters, "dead letter")) }
        guard !targets.isEmpty else {
            Console.out("nothing to purge")
            return
        }
        try Console.confirm("Delete \(targets.joined(separator: " and ")) from \(global.path)?", assumeYes: yes)

        var removed: [String] = []
        do throws(QueueError) {
            if matching.events > 0 {
                let count = try queue.purgeEvents(kind: kind, olderThan: cutoff)
                removed.append(describe(count))
            }
            if letters > 0 {
                removed.append(HumanFormat.count(try queue.purgeDeadLetters(), "dead letter"))
            }
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        Console.out("removed " + removed.joined(separator: " and "))
    }

    /// "12 span events older than 2h": `count` events as the filter selects them.
    private func describe(_ count: Int) -> String {
        var text = HumanFormat.count(count, (kind.map { HumanFormat.singleLine($0) + " " } ?? "") + "event")
        if let olderThan { text += " older than \(olderThan)" }
        return text
    }
}
