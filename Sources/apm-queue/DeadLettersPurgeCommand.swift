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

/// `apm-queue dead-letters purge`.
struct DeadLettersPurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete dead letters.",
        discussion: "Asks for confirmation on a terminal; without one it refuses unless --yes is given.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Delete every dead letter.")
    var all = false

    @Argument(help: ArgumentHelp("Dead letter ids (the ID column of `dead-letters list`).", valueName: "id"))
    var ids: [Int64] = []

    @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.")
    var yes = false

    func validate() throws {
        if all == !ids.isEmpty { throw ValidationError("give dead letter ids or --all (not both)") }
    }

    func run() throws {
        let queue = try global.openCurrent()
        let total: Int
        do throws(QueueError) {
            total = try queue.stats(now: EventQueue.now()).deadLetters
        } catch {
            throw CommandFailure(error)
        }
        guard total > 0 else {
            Console.out("no dead letters")
            return
        }
        let what = all ? "all \(HumanFormat.count(total, "dead letter"))" : HumanFormat.count(Set(ids).count, "dead letter")
        try Console.confirm("Delete \(what) from \(global.path)?", assumeYes: yes)
        let purged: Int
        do throws(QueueError) {
            purged = try queue.purgeDeadLetters(ids: all ? nil : Array(Set(ids)).sorted())
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        Console.out("removed \(HumanFormat.count(purged, "dead letter"))")
    }
}
