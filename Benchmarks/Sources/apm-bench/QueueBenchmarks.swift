import APMStore
@_spi(Benchmarking) import ElasticAPM
import Foundation

/// The writer thread's sustained commit rate beside the raw batched-insert rate of the same rows.
enum QueueBenchmarks {
    static func run(queueDirectory: URL, events: Int) throws -> [Measurement] {
        // Writer: hand over as fast as possible, time until everything is committed.
        let agent = CaptureBenchmarks.makeAgent(queueDirectory, name: "writer")
        let clock = ContinuousClock()
        let start = clock.now
        _ = agent.benchmarkHandOff(count: events)
        _ = agent.benchmarkWaitUntilQueued(timeout: .seconds(300))
        let writerSeconds = (clock.now - start).nanoseconds / 1e9
        let dropped = agent.statistics.droppedTotal
        agent.close(timeout: .seconds(60))
        let writerRate = Double(events - dropped) / writerSeconds

        // Raw: the same rows appended straight to a fresh queue in batches of 1 000.
        let path = queueDirectory.appending(path: "raw.sqlite").path
        let source = try EventQueue(path: queueDirectory.appending(path: "writer.sqlite").path)
        let sample = try source.listEvents(limit: 1, includeBodies: true).first?.event.body ?? Array("{}".utf8)
        source.close()
        let queue = try EventQueue(path: path)
        let metadataID = try queue.registerMetadata(Array("{\"metadata\":{}}".utf8), createdAt: EventQueue.now())
        let batch = (0..<1000).map { _ in NewEvent(kind: "span", createdAt: EventQueue.now(), body: sample) }
        let rawStart = clock.now
        for _ in 0..<(events / 1000) { try queue.append(batch, metadataID: metadataID, now: EventQueue.now()) }
        let rawSeconds = (clock.now - rawStart).nanoseconds / 1e9
        queue.close()
        let rawRate = Double(events) / rawSeconds
        let share = writerRate / rawRate
        return [
            Measurement(name: "writer: events/s committed to SQLite", value: writerRate, unit: "/s",
                        goal: "≥ 80% of raw", met: share >= 0.8, dropped: dropped,
                        note: String(format: "%.0f%% of raw", share * 100)),
            Measurement(name: "raw SQLite batched insert (same rows, 1 000/txn)", value: rawRate, unit: "/s",
                        goal: "-", met: nil, dropped: 0, note: "\(sample.count) B/row"),
        ]
    }
}
