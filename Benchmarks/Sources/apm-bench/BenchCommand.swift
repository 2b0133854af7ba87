import APMStore
@_spi(Benchmarking) import ElasticAPM
import Foundation

/// `apm-bench [--only capture|otel|queue|metrics|delivery|spans] [--spans N] [--json FILE]`: the agent's performance figures, printed as a
/// table and written as JSON.
/// Every capture figure is shown beside the events dropped during its run: a figure with drops
/// does not count.
@main
struct BenchCommand {
    static func main() throws {
        let arguments = CommandLine.arguments
        let jsonPath = arguments.firstIndex(of: "--json").map { arguments[$0 + 1] } ?? "benchmark-results.json"
        let scratch = FileManager.default.temporaryDirectory.appending(path: "apm-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
        var results: [Measurement] = []
        if only == nil || only == "capture" { results.append(contentsOf: CaptureBenchmarks.run(queueDirectory: scratch)) }
        if only == "spans" {
            // For profilers: N span begin+end pairs, then N / 10 transactions with 10 spans
            // (`--spans N`, default 20 000); no rows.
            let count = arguments.firstIndex(of: "--spans").flatMap { Int(arguments[$0 + 1]) } ?? 20_000
            CaptureBenchmarks.profile(queueDirectory: scratch, count: count)
        }
        if only == nil || only == "otel" { results.append(contentsOf: try OTelBenchmarks.run()) }
        if only == nil || only == "queue" { results.append(contentsOf: try QueueBenchmarks.run(queueDirectory: scratch)) }
        if only == nil || only == "metrics" { results.append(MetricsBenchmarks.run(queueDirectory: scratch)) }
        if only == nil || only == "delivery" { results.append(contentsOf: try DeliveryBenchmarks.run(queueDirectory: scratch)) }

        print(Measurement.header)
        for result in results { print(result.row) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(filePath: jsonPath))
        print("\nresults written to \(jsonPath)")
    }
}
