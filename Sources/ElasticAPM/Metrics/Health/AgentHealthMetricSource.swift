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

/// Agent-health metrics (spec `metrics-health.md`), from the persisted counters and the fill of
/// the in-memory hand-off:
/// - `agent.events.total` (tag `event_type`), `agent.events.dropped` (tag `reason`),
///   `agent.events.requests.count` and `agent.events.requests.bytes` (tag `success`): the change
///   since the previous report; unchanged counters are not sent;
/// - `agent.events.queue.min_size.pct` and `agent.events.queue.max_size.pct` (tag
///   `queue_name: generic`): the lowest and highest fill of the hand-off since the previous report,
///   as a share of `queue_memory_limit` (1 after a drop).
final class AgentHealthMetricSource: MetricSource {
    private let reader: HealthCounterReader
    private let fillRange: () -> (low: Double, high: Double)
    private var previous: [String: Int64] = [:]

    /// Health metrics from the counters `reader` returns and the hand-off fill `fillRange` reports
    /// (and resets).
    init(reader: HealthCounterReader, fillRange: @escaping () -> (low: Double, high: Double)) {
        self.reader = reader
        self.fillRange = fillRange
    }

    func prime(at time: Timestamp) {
        previous = reader.read() ?? [:]
        _ = fillRange()
    }

    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        if let current = reader.read() {
            appendCounters(current, at: time, into: &metricsets)
            previous = current
        }
        let fill = fillRange()
        metricsets.append(
            MetricsetEvent(
                timestamp: time.wallMicros, tags: [("queue_name", .string("generic"))],
                samples: [
                    MetricSample("agent.events.queue.max_size.pct", fill.high),
                    MetricSample("agent.events.queue.min_size.pct", fill.low),
                ]))
    }

    private func appendCounters(_ current: [String: Int64], at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        var requests: [Bool: [MetricSample]] = [:]
        for (name, total) in current.sorted(by: { $0.key < $1.key }) {
            let delta = total - previous[name, default: 0]
            // A counter that went down was reset (e.g. a purged queue file): report from the new total next time.
            guard delta > 0, let dot = name.firstIndex(of: ".") else { continue }
            let group = name[..<dot]
            let detail = String(name[name.index(after: dot)...])
            switch group {
            case "captured":
                metricsets.append(
                    MetricsetEvent(
                        timestamp: time.wallMicros, tags: [("event_type", .string(detail))],
                        samples: [MetricSample("agent.events.total", Double(delta))]))
            case "dropped":
                metricsets.append(
                    MetricsetEvent(
                        timestamp: time.wallMicros, tags: [("reason", .string(detail))],
                        samples: [MetricSample("agent.events.dropped", Double(delta))]))
            case "requests" where detail == "success" || detail == "failure":
                requests[detail == "success", default: []].append(MetricSample("agent.events.requests.count", Double(delta)))
            case "request_bytes" where detail == "success" || detail == "failure":
                requests[detail == "success", default: []].append(MetricSample("agent.events.requests.bytes", Double(delta)))
            default:
                continue
            }
        }
        for success in [false, true] {
            guard let samples = requests[success] else { continue }
            metricsets.append(
                MetricsetEvent(
                    timestamp: time.wallMicros, tags: [("success", .bool(success))],
                    samples: samples.sorted { $0.name < $1.name }))
        }
    }
}
