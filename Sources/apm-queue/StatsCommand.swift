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

    private static func dropped(_ counters: [String: Int64]) -> [String: Int64] {
        var dropped: [String: Int64] = [:]
        for (name, value) in counters where name.hasPrefix(droppedPrefix) {
            dropped[String(name.dropFirst(droppedPrefix.count))] = value
        }
        return dropped
    }

    static func json(_ stats: QueueStats, path: String, mode: UInt32?, now: Int64) -> JSONValue {
        .object([
            "path": .string(path),
            "events": .int(stats.events),
            "bytes": .int(stats.bytes),
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
            "counters": .object(sorted: stats.counters) { .int($0) },
            "schema_version": .int(stats.schemaVersion),
            "binary_schema_version": .int(EventQueue.currentSchemaVersion),
            "file_size": .int(stats.fileSize),
            "wal_size": .int(stats.walSize),
            "file_mode": .string(mode.map(HumanFormat.mode)),
        ])
    }

    static func human(_ stats: QueueStats, path: String, mode: UInt32?, now: Int64) -> [String] {
        var lines: [String] = []
        lines.append(HumanFormat.field("queue", HumanFormat.elideMiddle(path, to: HumanFormat.width - HumanFormat.labelWidth)))
        var file = HumanFormat.bytes(stats.fileSize)
        if stats.walSize > 0 { file += " + \(HumanFormat.bytes(stats.walSize)) WAL" }
        if let mode { file += ", mode \(HumanFormat.mode(mode))" }
        lines.append(HumanFormat.field("file", file))
        lines.append(HumanFormat.field("schema", "version \(stats.schemaVersion) (this binary: \(EventQueue.currentSchemaVersion))"))
        if stats.events == 0 {
            lines.append(HumanFormat.field("waiting", "no events"))
        } else {
            lines.append(HumanFormat.field("waiting", "\(HumanFormat.count(stats.events, "event")), \(HumanFormat.bytes(stats.bytes)), "
                + "from \(HumanFormat.count(stats.metadataRows, "run"))"))
            var kinds = TextTable([.left, .right, .right], indent: "  ")
            for (kind, events) in stats.byKind.sorted(by: { $0.key < $1.key }) {
                kinds.add([HumanFormat.truncate(HumanFormat.singleLine(kind), to: 30), HumanFormat.count(events), HumanFormat.bytes(stats.bytesByKind[kind] ?? 0)])
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
        let reasons = dropped.sorted { $0.key < $1.key }.map { "\($0.key) \(HumanFormat.count($0.value))" }
        let total = HumanFormat.count(dropped.values.reduce(0, +))
        lines.append(HumanFormat.field("dropped", total + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")")))

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
