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

/// `apm-queue list`: the newest or oldest events waiting.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the newest or oldest events waiting.")

    @OptionGroup var global: GlobalOptions

    @Flag var order: ListOrder = .newest

    @Option(help: "Only events of this kind (transaction, span, error, metricset, log).")
    var kind: String?

    @Option(help: "At most this many events.")
    var limit = 20

    @Option(help: ArgumentHelp("Only events created within this long (e.g. 10m, 2h).", valueName: "duration"))
    var since: TimeSpan?

    @Flag(help: "Print ndjson: one object per event (row fields and the parsed event).")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let queue = try global.openCurrent()
        let now = EventQueue.now()
        let cutoff = since.map { now - $0.microseconds }
        let rows: [EventInfo]
        let total: Int
        do throws(QueueError) {
            rows = try queue.listEvents(order: order.eventOrder, limit: limit, kind: kind, since: cutoff, includeBodies: true)
            total = try queue.countEvents(kind: kind).events
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        if json {
            for row in rows { Console.out(EventJSON.row(row, now: now).compact) }
            return
        }
        let what = (kind.map { HumanFormat.singleLine($0) + " " } ?? "") + "events"
        let window = since.map { " created in the last \($0)" } ?? ""
        guard !rows.isEmpty else {
            Console.out(since == nil ? "no \(what) waiting" : "no \(what)\(window)")
            return
        }
        Console.out(Self.table(rows, now: now))
        let shown =
            since == nil
            ? "\(HumanFormat.count(rows.count)) of \(HumanFormat.count(total)) \(what)"
            : "\(HumanFormat.count(rows.count)) \(what)\(window)"
        let more = rows.count == limit && rows.count < total ? " (--limit for more)" : ""
        Console.out(
            HumanFormat.truncate(shown + ", \(order == .newest ? "newest" : "oldest") first" + more, to: HumanFormat.width))
    }

    /// The human listing: header and one line per event.
    static func table(_ rows: [EventInfo], now: Int64) -> [String] {
        var table = TextTable([.right, .left, .right, .right, .right, .left, .left])
        table.add(["ID", "KIND", "AGE", "SIZE", "TRIES", "LEASE", "SUMMARY"])
        for row in rows {
            let event = row.event
            table.add([
                String(event.id), HumanFormat.truncate(HumanFormat.singleLine(event.kind), to: 12),
                HumanFormat.age(microseconds: now - event.createdAt),
                HumanFormat.bytes(event.size), String(event.attempts), lease(row, now: now),
                EventSummary.of(EventJSON.parsed(event.body).value),
            ])
        }
        return table.render()
    }

    /// "-" when not leased, the time left on a live lease, "expired" for a lease past its end.
    static func lease(_ row: EventInfo, now: Int64) -> String {
        guard let until = row.leaseUntil else { return "-" }
        return until > now ? HumanFormat.age(microseconds: until - now) : "expired"
    }
}
