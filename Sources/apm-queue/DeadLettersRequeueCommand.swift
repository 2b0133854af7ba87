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

/// `apm-queue dead-letters requeue`.
struct DeadLettersRequeueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue",
        abstract: "Put dead letters back at the end of the queue to be sent again.",
        discussion: """
            Requeued events get new ids and zero attempts. A dead letter whose run's metadata is \
            gone cannot be sent and stays. Exit status 1 if any given id was not requeued.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Requeue every dead letter.")
    var all = false

    @Argument(help: ArgumentHelp("Dead letter ids (the ID column of `dead-letters list`).", valueName: "id"))
    var ids: [Int64] = []

    func validate() throws {
        if all == !ids.isEmpty { throw ValidationError("give dead letter ids or --all (not both)") }
    }

    func run() throws {
        let queue = try global.openCurrent()
        let requeued: Int
        do throws(QueueError) {
            requeued = try queue.requeueDeadLetters(ids: all ? nil : Array(Set(ids)).sorted(), now: EventQueue.now())
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        Console.out("requeued \(HumanFormat.count(requeued, "dead letter"))")
        let asked = Set(ids).count
        if !all && requeued < asked {
            throw CommandFailure(
                "\(HumanFormat.count(asked - requeued, "given id was", "given ids were")) not requeued "
                    + "(no such dead letter, or its run's metadata is gone)")
        }
    }
}
