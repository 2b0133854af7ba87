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

import Foundation

/// What a Hummingbird 2 service pays: the same server (``OverheadServer``) as a child process per
/// configuration, loaded by `wrk` on loopback, configurations interleaved in one run (off, on, …, off,
/// on, …) and each figure the median of the rounds. Agent events and swift-otel's OTLP requests go to
/// the parent's ``CountingSink``. Prints requests/s, the ratio to "off", p99 latency and the server's
/// peak RSS (`VmHWM`) per configuration.
enum OverheadBenchmarks {
    /// One server configuration: the server's mode and the environment it runs with.
    struct Configuration {
        var label: String
        var mode: String
        var environment: [String: String] = [:]
    }

    /// What one timed `wrk` run against one server measured.
    struct Sample {
        var requestsPerSecond: Double
        var p99Milliseconds: Double
        var peakMiB: Double
        var errors: Int
        var captured: Int
        var dropped: Int
        var delivered: Int
    }

    static let configurations = [
        Configuration(label: "off (no tracer)", mode: "off"),
        Configuration(label: "agent on, defaults", mode: "on"),
        Configuration(
            label: "agent on, span stack traces off", mode: "on",
            environment: ["ELASTIC_APM_SPAN_STACK_TRACE_MIN_DURATION": "-1ms"]),
        Configuration(
            label: "agent on, span stack traces on every span", mode: "on",
            environment: ["ELASTIC_APM_SPAN_STACK_TRACE_MIN_DURATION": "0ms"]),
        Configuration(label: "swift-otel 1.6, OTLP/HTTP", mode: "otel"),
    ]

    /// `rounds` interleaved rounds of `seconds`-long `wrk -t2 -c16` runs (after a 2 s warm-up) per configuration.
    static func run(queueDirectory: URL, rounds: Int, seconds: Int, connections: Int) throws -> [Measurement] {
        let wrk = try WrkInstaller.locate()
        let sink = try CountingSink()
        defer { sink.shutdown() }
        var samples = Array(repeating: [Sample](), count: configurations.count)
        for round in 1...rounds {
            for (index, configuration) in configurations.enumerated() {
                let sample = try measure(
                    configuration, wrk: wrk, sink: sink, queueDirectory: queueDirectory, seconds: seconds,
                    connections: connections)
                samples[index].append(sample)
                print(
                    String(
                        format: "round %d %@ %9.0f req/s  p99 %6.2f ms  RSS %6.1f MiB  captured %d dropped %d",
                        round, configuration.label.padding(toLength: 44, withPad: " ", startingAt: 0) as NSString,
                        sample.requestsPerSecond, sample.p99Milliseconds,
                        sample.peakMiB, sample.captured, sample.dropped))
                fflush(nil)
            }
        }
        let medians = samples.map(median)
        let baseline = medians[0].requestsPerSecond
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
            .joined(separator: " ") ?? "?"
        print("\noverhead, median of \(rounds) interleaved rounds, wrk -t2 -c\(connections) -d\(seconds)s, load average \(load)")
        print("| configuration | requests/s | vs off | p99 | peak RSS | events captured / dropped |")
        print("|---|---|---|---|---|---|")
        var results: [Measurement] = []
        for (configuration, sample) in zip(configurations, medians) {
            let ratio = sample.requestsPerSecond / baseline
            print(
                String(
                    format: "| %@ | %.0f | %.0f%% | %.2f ms | %.1f MiB | %d / %d |", configuration.label as NSString,
                    sample.requestsPerSecond, ratio * 100, sample.p99Milliseconds, sample.peakMiB, sample.captured,
                    sample.dropped))
            let isAgent = configuration.mode == "on"
            results.append(
                Measurement(
                    name: "overhead: \(configuration.label)", value: sample.requestsPerSecond, unit: "req/s",
                    goal: isAgent ? "≥ 80% of off" : "-", met: isAgent ? ratio >= 0.8 : nil, dropped: sample.dropped,
                    note: String(
                        format: "%.0f%% of off, p99 %.2f ms, peak RSS %.1f MiB%@", ratio * 100,
                        sample.p99Milliseconds, sample.peakMiB, sample.errors > 0 ? " (wrk errors)" as NSString : "")))
        }
        return results
    }

    /// Starts the server child, warms it up, runs `wrk`, reads its `VmHWM`, stops it and reads its report.
    private static func measure(
        _ configuration: Configuration, wrk: String, sink: CountingSink, queueDirectory: URL, seconds: Int,
        connections: Int
    ) throws -> Sample {
        let process = Process()
        process.executableURL = URL(filePath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--overhead-server", configuration.mode, sink.url, queueDirectory.path]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ELASTIC_APM_") }
        environment.merge(configuration.environment) { $1 }
        environment["ELASTIC_APM_LOG_LEVEL"] = "error"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let reader = LineReader(output.fileHandleForReading)
        guard let portLine = reader.next(prefix: "port "), let port = Int(portLine.dropFirst(5)), port > 0 else {
            process.terminate()
            throw OverheadFailure(description: "the \(configuration.mode) server did not report its port")
        }
        let url = "http://127.0.0.1:\(port)/work"
        let eventsBefore = sink.events
        _ = try runWrk(wrk, url: url, seconds: 2, connections: connections)
        let result = try runWrk(wrk, url: url, seconds: seconds, connections: connections)
        let peakMiB = Double(peakResidentKiB(pid: process.processIdentifier)) / 1024
        process.terminate()
        let report = reader.next(prefix: "report ")?.split(separator: " ").dropFirst().compactMap { Int($0) } ?? []
        process.waitUntilExit()
        return Sample(
            requestsPerSecond: result.requestsPerSecond, p99Milliseconds: result.p99Milliseconds, peakMiB: peakMiB,
            errors: result.errors, captured: report.first ?? 0, dropped: report.dropFirst().first ?? 0,
            delivered: sink.events - eventsBefore)
    }

    /// Requests/s, p99 and error count of one `wrk --latency` run.
    struct WrkResult {
        var requestsPerSecond: Double
        var p99Milliseconds: Double
        var errors: Int
    }

    static func runWrk(_ wrk: String, url: String, seconds: Int, connections: Int) throws -> WrkResult {
        let process = Process()
        process.executableURL = URL(filePath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", url]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let result = parseWrk(text) else {
            throw OverheadFailure(description: "unexpected wrk output:\n\(text)")
        }
        return result
    }

    /// Parses `Requests/sec:`, the `99%` line of `--latency` and the non-2xx/socket error counts.
    static func parseWrk(_ text: String) -> WrkResult? {
        var rate: Double?
        var p99: Double?
        var errors = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count == 2 { rate = Double(fields[1]) }
            if fields.first == "99%", fields.count == 2 { p99 = milliseconds(String(fields[1])) }
            if line.contains("Non-2xx") { errors += Int(fields.last ?? "") ?? 1 }
            if fields.first == "Socket", fields.first(where: { $0.hasPrefix("errors") }) != nil { errors += 1 }
        }
        guard let rate, let p99 else { return nil }
        return WrkResult(requestsPerSecond: rate, p99Milliseconds: p99, errors: errors)
    }

    /// `635.91us`, `1.20ms`, `2.00s` in milliseconds.
    private static func milliseconds(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }

    /// The per-field median of one configuration's rounds.
    private static func median(_ samples: [Sample]) -> Sample {
        func middle(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func middle(_ values: [Int]) -> Int { values.sorted()[values.count / 2] }
        return Sample(
            requestsPerSecond: middle(samples.map(\.requestsPerSecond)), p99Milliseconds: middle(samples.map(\.p99Milliseconds)),
            peakMiB: middle(samples.map(\.peakMiB)), errors: samples.map(\.errors).reduce(0, +),
            captured: middle(samples.map(\.captured)), dropped: samples.map(\.dropped).reduce(0, +),
            delivered: middle(samples.map(\.delivered)))
    }

    /// `VmHWM` of a process (KiB), 0 if unreadable.
    private static func peakResidentKiB(pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    struct OverheadFailure: Error, CustomStringConvertible {
        var description: String
    }
}

/// Reads a child's standard output line by line, blocking.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next line starting with `prefix` (earlier lines are skipped), `nil` at end of file.
    func next(prefix: String) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                if line.hasPrefix(prefix) { return line }
                continue
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer += chunk
        }
    }
}

/// Finds `wrk` (Debian's package `wrk`), installing it with apt-get when it is missing and this is root.
enum WrkInstaller {
    static func locate() throws -> String {
        let candidates = ["/usr/bin/wrk", "/usr/local/bin/wrk"]
        if let found = candidates.first(where: FileManager.default.isExecutableFile) { return found }
        if getuid() == 0 {
            print("wrk not found: apt-get install -y wrk")
            let install = Process()
            install.executableURL = URL(filePath: "/bin/sh")
            install.arguments = ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"]
            try install.run()
            install.waitUntilExit()
            if let found = candidates.first(where: FileManager.default.isExecutableFile) { return found }
        }
        throw OverheadBenchmarks.OverheadFailure(
            description: "the overhead benchmark needs wrk: apt-get install wrk (Debian's package)")
    }
}
