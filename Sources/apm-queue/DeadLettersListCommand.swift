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

/// `apm-queue dead-letters list`.
struct DeadLettersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List dead letters: status, reason, kind and age of the rejection.")

    @OptionGroup var global: GlobalOptions

    @Flag var order: ListOrder = .newest

    @Option(help: "At most this many dead letters.")
    var limit = 20

    @Flag(help: "Print ndjson: one object per dead letter (row fields and the parsed event).")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let queue = try global.openCurrent()
        let now = EventQueue.now()
        let letters: [DeadLetter]
        let total: Int
        do throws(QueueError) {
            letters = try queue.deadLetters(limit: limit, order: order.eventOrder)
            total = try queue.stats(now: now).deadLetters
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        if json {
            for letter in letters { Console.out(EventJSON.deadLetter(letter, now: now).compact) }
            return
        }
        guard !letters.isEmpty else {
            Console.out("no dead letters")
            return
        }
        var table = TextTable([.right, .right, .left, .right, .left])
        table.add(["ID", "STATUS", "KIND", "AGE", "REASON"])
        for letter in letters {
            table.add([
                String(letter.id), letter.status.map(String.init) ?? "-", HumanFormat.singleLine(letter.kind ?? "?"),
                letter.rejectedAt.map { HumanFormat.age(microseconds: now - $0) } ?? "-",
                HumanFormat.singleLine(letter.reason ?? "-"),
            ])
        }
        Console.out(table.render())
        Console.out(
            HumanFormat.truncate(
                "\(HumanFormat.count(letters.count)) of \(HumanFormat.count(total, "dead letter")), \(order == .newest ? "newest" : "oldest") first"
                    + (letters.count < total ? " (--limit for more)" : ""),
                to: HumanFormat.width))
    }
}
