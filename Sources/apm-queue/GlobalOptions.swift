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

/// Options every command takes: which queue file, and how long to wait for a lock.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("queue"),
        help: ArgumentHelp(
            "The queue file (default: $\(EventQueue.pathEnvironmentVariable), else the agent's default location).",
            valueName: "path"))
    var queuePath: String?

    @Option(help: ArgumentHelp("How long to wait for another process's lock (e.g. 500ms, 5s).", valueName: "duration"))
    var busyTimeout = TimeSpan(argument: "5s")!

    /// The queue file to use.
    var path: String { queuePath ?? EventQueue.defaultPath }

    /// Opens the existing queue for inspection or maintenance. The CLI never evicts (it does not
    /// know the application's `queue_max_bytes`/`queue_max_age`; the application applies them on
    /// its next write), and commits durably.
    func open() throws(CommandFailure) -> EventQueue {
        let queue: EventQueue
        do throws(QueueError) {
            queue = try EventQueue.openExisting(path: path, options: Self.options(busyTimeout: busyTimeout.duration))
        } catch {
            throw CommandFailure(error)
        }
        return queue
    }

    /// Opens the queue and refuses a file whose schema is older than this binary's: the other
    /// commands need the current schema, and migrating it is left to the application (an older
    /// application still using the file could not open it afterwards).
    func openCurrent() throws(CommandFailure) -> EventQueue {
        let queue = try open()
        if let first = queue.pendingMigrations.first {
            let found = first.version - 1
            if found == 0 {
                throw CommandFailure("queue file \(path) is empty: no agent has initialized it yet")
            }
            throw CommandFailure(
                "queue schema version \(found) is older than this binary's (\(EventQueue.currentSchemaVersion)); "
                    + "start the application to migrate it, or use the apm-queue of its agent version")
        }
        return queue
    }

    /// Queue options for the CLI: no eviction, durable commits, the given busy timeout, no
    /// verification on open (``EventQueue/openExisting(path:options:)`` never quarantines).
    static func options(busyTimeout: Duration) -> QueueOptions {
        QueueOptions(
            maxBytes: .max, maxAge: .seconds(100 * 365 * 86_400), durability: .strict,
            busyTimeout: busyTimeout, verifyOnOpen: false)
    }
}
