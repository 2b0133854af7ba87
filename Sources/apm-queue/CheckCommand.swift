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

/// `apm-queue check`: is the queue file sound, current, private, and writable?
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check integrity, schema, permissions, free disk space and write locks.",
        discussion: """
            Runs PRAGMA integrity_check (reads the whole file), compares the schema version with this \
            binary's, lists pending migrations, checks the file (0600) and directory (0700) modes, \
            the free space of the file system, and whether another process holds the write lock \
            for longer than \(HumanFormat.age(microseconds: lockProbe.microseconds)). \
            Exit status 1 if any check fails; warnings do not fail.
            """)

    /// How long the write-lock probe waits.
    static let lockProbe = TimeSpan(argument: "250ms")!
    /// Less free space than this fails: the next commit may not fit.
    static let minimumFreeSpace: Int64 = 1 << 20
    /// Less free space than this warns: the agent's default queue_max_bytes would not fit.
    static let comfortableFreeSpace: Int64 = 256 << 20

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object: `ok` and the `checks` (name, status, detail).")
    var json = false

    func run() throws {
        let queue = try global.open()
        let integrity = try integrity(queue)
        var checks = [integrity]
        if integrity.status == .fail { checks.append(salvage(queue.path)) }
        checks += [schema(queue), migrations(queue)]
        checks += permissions()
        checks.append(diskSpace())
        checks.append(try writeLock(queue))
        queue.close()

        let failed = checks.filter { $0.status == .fail }.count
        if json {
            Console.out(JSONValue.object(["ok": .bool(failed == 0), "checks": .array(checks.map(\.json))]).compact)
        } else {
            var table = TextTable([.left, .left, .left])
            for check in checks {
                let status = check.status.rawValue.uppercased()
                table.add([status + String(repeating: " ", count: 4 - status.count), check.name, check.detail])
            }
            Console.out(table.render())
            let warned = checks.filter { $0.status == .warn }.count
            Console.out(
                "\(HumanFormat.count(checks.count, "check")): \(checks.count - failed - warned) ok, "
                    + "\(HumanFormat.count(warned, "warning")), \(failed) failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    private func integrity(_ queue: EventQueue) throws(CommandFailure) -> HealthCheck {
        let report: [String]
        do throws(QueueError) {
            report = try queue.integrityCheck()
        } catch {
            guard case .corrupt = error else { throw CommandFailure(error) }
            return HealthCheck(name: "integrity", status: .fail, detail: "the file is corrupt")
        }
        if report == ["ok"] { return HealthCheck(name: "integrity", status: .ok, detail: "ok") }
        let problems = report.prefix(3).map(HumanFormat.singleLine).joined(separator: "; ")
        return HealthCheck(name: "integrity", status: .fail, detail: "\(HumanFormat.count(report.count, "problem")): \(problems)")
    }

    /// What the agent would recover from a damaged file: it copies every readable event into a
    /// new queue and quarantines the file the next time it opens it.
    private func salvage(_ path: String) -> HealthCheck {
        guard let report = EventQueue.salvageEstimate(path: path) else {
            return HealthCheck(name: "salvage", status: .fail, detail: "nothing readable; the agent will quarantine the file")
        }
        let letters =
            report.recoveredDeadLetters == 0 ? "" : " and \(HumanFormat.count(report.recoveredDeadLetters, "dead letter"))"
        // Unreadable blocks hide their event counts; only an exact loss is worth printing.
        let lost = report.lostIsEstimate ? "" : report.lostEvents == 0 ? ", none lost" : ", \(report.lostEvents) lost"
        return HealthCheck(
            name: "salvage", status: .warn,
            detail: "\(HumanFormat.count(report.recoveredEvents, "event"))\(letters) readable\(lost); the agent "
                + "copies them to a new queue and quarantines this file at its next start")
    }

    private func schema(_ queue: EventQueue) -> HealthCheck {
        let version = queue.pendingMigrations.first.map { $0.version - 1 } ?? EventQueue.currentSchemaVersion
        return HealthCheck(
            name: "schema", status: .ok, detail: "version \(version) (this binary: \(EventQueue.currentSchemaVersion))")
    }

    private func migrations(_ queue: EventQueue) -> HealthCheck {
        let pending = queue.pendingMigrations
        guard !pending.isEmpty else { return HealthCheck(name: "migrations", status: .ok, detail: "none pending") }
        let names = pending.map { "\($0.version) \($0.name)" }.joined(separator: ", ")
        return HealthCheck(
            name: "migrations", status: .warn, detail: "pending: \(names) (applied when the application opens the file)")
    }

    private func permissions() -> [HealthCheck] {
        var modes: [String] = []
        var status = HealthCheck.Status.ok
        for (label, path) in [("file", global.path), ("wal", global.path + "-wal"), ("shm", global.path + "-shm")] {
            guard let mode = FileSystem.mode(path) else { continue }
            if mode != 0o600 { status = .warn }
            modes.append("\(label) \(HumanFormat.mode(mode))")
        }
        let file = HealthCheck(
            name: "file mode", status: status, detail: modes.joined(separator: ", ") + (status == .ok ? "" : " (expected 0600)"))
        let directory = FileSystem.directory(of: global.path)
        let directoryCheck: HealthCheck
        if let mode = FileSystem.mode(directory) {
            directoryCheck = HealthCheck(
                name: "directory mode", status: mode == 0o700 ? .ok : .warn,
                detail: HumanFormat.mode(mode) + (mode == 0o700 ? "" : " (expected 0700)"))
        } else {
            directoryCheck = HealthCheck(name: "directory mode", status: .warn, detail: "cannot read \(directory)")
        }
        return [file, directoryCheck]
    }

    private func diskSpace() -> HealthCheck {
        let directory = FileSystem.directory(of: global.path)
        guard let space = FileSystem.space(at: directory) else {
            return HealthCheck(name: "disk space", status: .warn, detail: "cannot read the file system of \(directory)")
        }
        let detail = "\(HumanFormat.bytes(space.available)) free of \(HumanFormat.bytes(space.total))"
        if space.available < Self.minimumFreeSpace {
            return HealthCheck(name: "disk space", status: .fail, detail: detail + " (writes will fail)")
        }
        if space.available < Self.comfortableFreeSpace {
            return HealthCheck(name: "disk space", status: .warn, detail: detail + " (less than the default queue_max_bytes)")
        }
        return HealthCheck(name: "disk space", status: .ok, detail: detail)
    }

    private func writeLock(_ queue: EventQueue) throws(CommandFailure) -> HealthCheck {
        do throws(QueueError) {
            if try queue.probeWriteLock(timeout: Self.lockProbe.duration) {
                return HealthCheck(name: "write lock", status: .ok, detail: "free")
            }
            return HealthCheck(
                name: "write lock", status: .fail,
                detail: "held by another process for more than \(HumanFormat.age(microseconds: Self.lockProbe.microseconds))")
        } catch {
            if case .readOnly = error { return HealthCheck(name: "write lock", status: .fail, detail: "the file is read-only") }
            throw CommandFailure(error)
        }
    }
}
