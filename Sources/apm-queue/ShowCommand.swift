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

/// `apm-queue show ID`: one event, pretty-printed, with the metadata it is sent with.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one event, pretty-printed, with its run's metadata.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The event id (the ID column of `apm-queue list`).")
    var id: Int64

    @Flag(help: "Print one JSON object: the row fields, `event`, and `run` (the metadata row).")
    var json = false

    func run() throws {
        let queue = try global.openCurrent()
        let now = EventQueue.now()
        let found: EventDetail?
        do throws(QueueError) {
            found = try queue.event(id: id)
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        guard let detail = found else {
            throw CommandFailure("no event with id \(id) in the queue (it may have been sent, purged or dead-lettered)")
        }
        if json {
            guard case .object(var members) = EventJSON.row(detail.info, now: now) else { return }
            members.append(.init(key: "run", value: EventJSON.metadata(detail.metadata)))
            Console.out(JSONValue.object(members).compact)
            return
        }
        let event = detail.info.event
        var lines = [
            HumanFormat.field("event", "\(event.id) (\(event.kind))"),
            HumanFormat.field("created", HumanFormat.timeAndAge(event.createdAt, now: now)),
            HumanFormat.field("size", HumanFormat.bytes(event.size)),
            HumanFormat.field("attempts", String(event.attempts)),
            HumanFormat.field("lease", Self.lease(detail.info, now: now)),
            HumanFormat.field(
                "run", "\(detail.metadata.id), registered \(HumanFormat.timeAndAge(detail.metadata.createdAt, now: now))"),
            "",
            "metadata",
        ]
        lines += Self.pretty(detail.metadata.body)
        lines += ["", "event"]
        lines += Self.pretty(event.body)
        Console.out(lines)
    }

    private static func lease(_ info: EventInfo, now: Int64) -> String {
        guard let until = info.leaseUntil else { return "none" }
        let owner = info.leaseOwner.map { " by \($0)" } ?? ""
        if until > now { return "held\(owner), \(HumanFormat.age(microseconds: until - now)) left" }
        return "expired\(owner) \(HumanFormat.age(microseconds: now - until)) ago"
    }

    /// The line pretty-printed, or as stored with a note when it is not valid JSON.
    private static func pretty(_ body: [UInt8]) -> [String] {
        let (value, error) = EventJSON.parsed(body)
        if let error {
            return ["(not valid JSON: \(error))", HumanFormat.singleLine(String(decoding: body, as: UTF8.self))]
        }
        return value.pretty.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
