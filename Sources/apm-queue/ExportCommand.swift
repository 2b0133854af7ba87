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

/// `apm-queue export`: the queue as the ndjson the sender would send.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every waiting event as intake ndjson, each run's metadata line first.",
        discussion: """
            The output is exactly what the sender sends (without gzip): replay it with \
            curl -H 'Content-Type: application/x-ndjson' --data-binary @FILE <server>/intake/v2/events, \
            or load it into another queue with `apm-queue import`. Dead letters are not exported. \
            The queue is not changed.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to this file (created with mode 0600) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let queue = try global.openCurrent()
        let writer = try output.map { path throws(CommandFailure) in try ByteWriter(path: path) } ?? ByteWriter()
        var cursor: ExportCursor?
        var runs = 0
        var events = 0
        while true {
            let page: ExportPage?
            do throws(QueueError) {
                page = try queue.exportPage(after: cursor)
            } catch {
                throw CommandFailure(error)
            }
            guard let page else { break }
            if cursor?.metadataID != page.metadata.id {
                try writer.writeLine(page.metadata.body)
                runs += 1
            }
            for event in page.events { try writer.writeLine(event.body) }
            events += page.events.count
            cursor = page.next
        }
        queue.close()
        try writer.finish()
        if let output, output != "-" {
            Console.out(
                "exported \(HumanFormat.count(events, "event")) of \(HumanFormat.count(runs, "run")) "
                    + "(\(HumanFormat.bytes(writer.count))) to \(output)")
        }
    }
}
