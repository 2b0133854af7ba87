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

/// `apm-queue import FILE`: loads an intake ndjson file (e.g. from `export`) into a queue.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the events of an intake ndjson file (e.g. from export) to the queue.",
        discussion: """
            Every line must be a JSON object with one root key: `metadata` starts a new run, and \
            the transaction, span, error, metricset and log lines after it are queued with it, in \
            order. The whole file is checked first; a file with any bad line imports nothing. \
            Imported events are dated now (the queue's max age counts from the import).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The ndjson file (\"-\" for standard input).", valueName: "file"))
    var file: String

    @Flag(help: "Create the queue file if it does not exist.")
    var create = false

    func run() throws {
        let contents = try FileSystem.contents(of: file)
        let now = EventQueue.now()
        let intake: IntakeFile
        do throws(IntakeFile.Problem) {
            intake = try IntakeFile(contents, createdAt: now)
        } catch {
            throw CommandFailure("cannot import \(file): \(error); nothing was imported")
        }
        let queue = try openOrCreate()
        do throws(QueueError) {
            try queue.importRuns(intake.runs, now: now)
        } catch {
            throw CommandFailure("\(error.description); nothing was imported")
        }
        queue.close()
        let kinds = intake.byKind.sorted { $0.key < $1.key }.map { "\($0.key) \(HumanFormat.count($0.value))" }
        var summary =
            "imported \(HumanFormat.count(intake.events, "event")) (\(kinds.joined(separator: ", "))) "
            + "in \(HumanFormat.count(intake.runs.count, "run"))"
        if intake.emptyRuns > 0 { summary += "; skipped \(HumanFormat.count(intake.emptyRuns, "metadata line")) without events" }
        Console.out(summary)
    }

    private func openOrCreate() throws(CommandFailure) -> EventQueue {
        guard create, FileSystem.mode(global.path) == nil else { return try global.openCurrent() }
        do throws(QueueError) {
            return try EventQueue(path: global.path, options: GlobalOptions.options(busyTimeout: global.busyTimeout.duration))
        } catch {
            throw CommandFailure(error)
        }
    }
}
