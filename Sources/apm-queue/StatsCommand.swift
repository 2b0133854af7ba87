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

/// `apm-queue stats`: what is waiting, how old it is, what was dropped or sent.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show events waiting by kind, sizes, ages, dead letters, leases and counters.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object (keys documented in the README).")
    var json = false

    /// Counters shown on their own line in the human output.
    private static let headlineCounters = ["sent", "rejected", "requests"]
    private static let droppedPrefix = "dropped."

    func run() throws {
        let queue = try global.openCurrent()
        let now = EventQueue.now()
        let stats: QueueStats
        do throws(QueueError) {
            stats = try queue.stats(now: now)
        } catch {
            throw CommandFailure(error)
        }
        queue.close()
        let mode = FileSystem.mode(global.path)
        if json {
            Console.out(Self.json(stats, path: global.path, mode: mode, now: now).compact)
        } else {
            Console.out(Self.human(stats, path: global.path, mode: mode, now: now))
        }
    }

    /// Drops by reason: the "dropped.<reason>" counters.
    private static func dropped(_ counters: [String: Int64]) -> [String: Int64] {
        var dropped: [String: Int64] = [:]
        for (name, value) in counters where name.hasPrefix(droppedPrefix) {
            let reason = name.dropFirst(droppedPrefix.count)
            if !reason.contains(".") { dropped[String(reason)] = value }
        }
        return dropped
    }

    /// Drops by reason and kind: the "dropped.<reason>.<kind>" counters of the queue's evictions.
    private static func droppedByKind(_ counters: [String: Int64]) -> [String: [String: Int64]] {
        var dropped: [String: [String: Int64]] = [:]
        for (name, value) in counters where name.hasPrefix(droppedPrefix) {
            let parts = name.dropFirst(droppedPrefix.count).split(separator: ".", maxSplits: 1)
            if parts.count == 2 { dropped[String(parts[0]), default: [:]][String(parts[1])] = value }
        }
        return dropped
    }

    /// Raw (ndjson) bytes per stored byte, nil when nothing is stored.
    private static func ratio(_ stats: QueueStats) -> Double? {
        stats.bytes > 0 ? Double(stats.rawBytes) / Double(stats.bytes) : nil
    }

    /// File, WAL and shm bytes per waiting event, nil when none waits.
    private static func diskBytesPerEvent(_ stats: QueueStats) -> Double? {
        stats.events > 0 ? Double(stats.fileSize + stats.walSize + stats.shmSize) / Double(stats.events) : nil
    }

    private static func rounded(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return .number(String((value * 100).rounded() / 100))
    }

    static func json(_ stats: QueueStats, path: String, mode: UInt32?, now: Int64) -> JSONValue {
        .object([
            "path": .string(path),
            "events": .int(stats.events),
            "bytes": .int(stats.bytes),
            "raw_bytes": .int(stats.rawBytes),
            "blocks": .int(stats.blocks),
            "compression_ratio": rounded(ratio(stats)),
            "disk_bytes_per_event": rounded(diskBytesPerEvent(stats)),
            "by_kind": .object(sorted: stats.byKind) { .int($0) },
            "bytes_by_kind": .object(sorted: stats.bytesByKind) { .int($0) },
            "oldest_created_at": .int(stats.oldestCreatedAt),
            "newest_created_at": .int(stats.newestCreatedAt),
            "oldest_age_seconds": stats.oldestCreatedAt.map { .seconds(microseconds: now - $0) } ?? .null,
            "newest_age_seconds": stats.newestCreatedAt.map { .seconds(microseconds: now - $0) } ?? .null,
            "runs": .int(stats.metadataRows),
            "leases_held": .int(stats.leasesHeld),
            "dead_letters": .int(stats.deadLetters),
            "sent": .int(stats.counters["sent"] ?? 0),
            "rejected": .int(stats.counters["rejected"] ?? 0),
            "requests": .int(stats.counters["requests"] ?? 0),
            "dropped": .object(sorted: dropped(stats.counters)) { .int($0) },
            "dropped_by_kind": .object(sorted: droppedByKind(stats.counters)) { .object(sorted: $0) { .int($0) } },
            "counters": .object(sorted: stats.counters) { .int($0) },
            "schema_version": .int(stats.schemaVersion),
            "binary_schema_version": .int(EventQueue.currentSchemaVersion),
            "file_size": .int(stats.fileSize),
            "wal_size": .int(stats.walSize),
            "shm_size": .int(stats.shmSize),
            "free_bytes": .int(stats.freeBytes),
            "disk_bytes": .int(stats.fileSize + stats.walSize + stats.shmSize),
            "file_mode": .string(mode.map(HumanFormat.mode)),
        ])
    }

    static func human(_ stats: QueueStats, path: String, mode: UInt32?, now: Int64) -> [String] {
        var lines: [String] = []
        lines.append(HumanFormat.field("queue", HumanFormat.elideMiddle(path, to: HumanFormat.width - HumanFormat.labelWidth)))
        var file = HumanFormat.bytes(stats.fileSize)
        if stats.freeBytes > 0 { file += " (\(HumanFormat.bytes(stats.freeBytes)) free)" }
        if stats.walSize > 0 { file += " + \(HumanFormat.bytes(stats.walSize)) WAL" }
        if stats.shmSize > 0 { file += " + \(HumanFormat.bytes(stats.shmSize)) shm" }
        if let mode { file += ", mode \(HumanFormat.mode(mode))" }
        lines.append(HumanFormat.field("file", file))
        lines.append(
            HumanFormat.field("schema", "version \(stats.schemaVersion) (this binary: \(EventQueue.currentSchemaVersion))"))
        if stats.events == 0 {
            lines.append(HumanFormat.field("waiting", "no events"))
        } else {
            lines.append(
                HumanFormat.field(
                    "waiting",
                    "\(HumanFormat.count(stats.events, "event")) in \(HumanFormat.count(stats.blocks, "block")), "
                        + "from \(HumanFormat.count(stats.metadataRows, "run"))"))
            var stored = "\(HumanFormat.bytes(stats.bytes)) compressed from \(HumanFormat.bytes(stats.rawBytes))"
            if let ratio = ratio(stats) { stored += " (\(String((ratio * 10).rounded() / 10))x)" }
            if let perEvent = diskBytesPerEvent(stats) { stored += ", \(Int(perEvent.rounded())) B on disk per event" }
            lines.append(HumanFormat.field("stored", stored))
            var kinds = TextTable([.left, .right, .right], indent: "  ")
            for (kind, events) in stats.byKind.sorted(by: { $0.key < $1.key }) {
                kinds.add([
                    HumanFormat.truncate(HumanFormat.singleLine(kind), to: 30), HumanFormat.count(events),
                    HumanFormat.bytes(stats.bytesByKind[kind] ?? 0),
                ])
            }
            lines += kinds.render()
        }
        if let oldest = stats.oldestCreatedAt, let newest = stats.newestCreatedAt {
            lines.append(HumanFormat.field("oldest", HumanFormat.timeAndAge(oldest, now: now)))
            lines.append(HumanFormat.field("newest", HumanFormat.timeAndAge(newest, now: now)))
        }
        lines.append(HumanFormat.field("leases held", HumanFormat.count(stats.leasesHeld)))
        lines.append(HumanFormat.field("dead letters", HumanFormat.count(stats.deadLetters)))
        for name in headlineCounters {
            lines.append(HumanFormat.field(name, HumanFormat.count(stats.counters[name] ?? 0)))
        }
        let dropped = dropped(stats.counters)
        let byKind = droppedByKind(stats.counters)
        let reasons = dropped.sorted { $0.key < $1.key }.map { reason, count in
            let kinds = (byKind[reason] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \(HumanFormat.count($0.value))" }
            return "\(reason) \(HumanFormat.count(count))" + (kinds.isEmpty ? "" : ": " + kinds.joined(separator: ", "))
        }
        let total = HumanFormat.count(dropped.values.reduce(0, +))
        lines.append(HumanFormat.field("dropped", total + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: "; ") + ")")))

        let others = stats.counters.filter { !headlineCounters.contains($0.key) && !$0.key.hasPrefix(droppedPrefix) }
        if !others.isEmpty {
            lines.append("other counters")
            var table = TextTable([.left, .right], indent: "  ")
            for (name, value) in others.sorted(by: { $0.key < $1.key }) {
                table.add([HumanFormat.singleLine(name), HumanFormat.count(value)])
            }
            lines += table.render()
        }
        return lines
    }
}
