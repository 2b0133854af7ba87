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

import Testing
@testable import APMStore

@Suite("Query plans", .timeLimit(.minutes(1)))
struct QueryPlanTests {
    @Test("no hot-path statement scans the events table")
    func hotPathUsesIndexes() throws {
        let f = try Fixture()
        defer { f.done() }
        let m = try f.queue.registerMetadata(bytes("m"), createdAt: t0)
        try f.queue.append((0..<50).map { event("e\($0)", at: t0 + Int64($0)) }, metadataID: m, now: t0)
        var report: [String] = []
        for (name, sql) in QueueSQL.hotPath {
            let plan = try f.queue.debugQueryTexts("EXPLAIN QUERY PLAN " + sql, column: 3)
            report.append("\(name): \(plan.joined(separator: " | "))")
            // Strict: not even a full scan of an index of events (that is O(rows) too).
            for line in plan where line.hasPrefix("SCAN events") {
                Issue.record("\(name) scans events: \(line)\n  \(sql)")
            }
        }
        let joined = report.joined(separator: "\n")
        // Spot checks: the claim path reads rows straight from an index in rowid (FIFO) order, no
        // sort; leases are found through the partial index of leased rows only; ack and release
        // look rows up by id.
        #expect(
            joined.contains(
                "oldestClaimable: SCAN metadata | CORRELATED SCALAR SUBQUERY 1 | SEARCH events USING INDEX events_run (metadata_id=?)"
            ), "\(joined)")
        #expect(joined.contains("claimableOfRun: SEARCH events USING INDEX events_run (metadata_id=?)\n"), "\(joined)")
        #expect(
            joined.contains("leaseRun: SEARCH events USING INDEX events_run (metadata_id=? AND rowid>? AND rowid<?)\n"),
            "\(joined)")
        #expect(joined.contains("reclaimExpired: SEARCH events USING INDEX events_leased (lease_until<?)\n"), "\(joined)")
        #expect(joined.contains("leasesHeld: SEARCH events USING COVERING INDEX events_leased (lease_until>?)\n"), "\(joined)")
        #expect(joined.contains("evictionCandidates: SEARCH events USING INTEGER PRIMARY KEY (rowid>?)\n"), "\(joined)")
        #expect(joined.contains("acknowledge: SEARCH events USING INTEGER PRIMARY KEY (rowid=?)"), "\(joined)")
        #expect(joined.contains("release: SEARCH events USING INTEGER PRIMARY KEY (rowid=?)"), "\(joined)")
        #expect(joined.contains("evictByAge: SEARCH events USING INDEX events_created"), "\(joined)")
    }
}
