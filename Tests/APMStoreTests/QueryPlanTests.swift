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
    @Test("no hot-path statement scans the blocks table")
    func hotPathUsesIndexes() throws {
        let f = try Fixture()
        defer { f.done() }
        let m = try f.queue.registerMetadata(bytes("m"), createdAt: t0)
        try f.queue.append((0..<50).map { event("e\($0)", at: t0 + Int64($0)) }, metadataID: m, now: t0)
        var report: [String] = []
        for (name, sql) in QueueSQL.hotPath {
            let plan = try f.queue.debugQueryTexts("EXPLAIN QUERY PLAN " + sql, column: 3)
            report.append("\(name): \(plan.joined(separator: " | "))")
            // Strict: not even a full scan of an index of blocks (that is O(blocks) too).
            for line in plan where line.hasPrefix("SCAN blocks") {
                Issue.record("\(name) scans blocks: \(line)\n  \(sql)")
            }
        }
        let joined = report.joined(separator: "\n") + "\n"
        // Spot checks: the claim path reads blocks straight from an index in rowid (FIFO) order;
        // leases are found through the partial index of leased blocks only; eviction goes by
        // value through the (class, id) index; ack and release look blocks up by id.
        #expect(joined.contains("claimableOfRun: SEARCH blocks USING INDEX blocks_run (metadata_id=?)\n"), "\(joined)")
        #expect(
            joined.contains("leaseRun: SEARCH blocks USING INDEX blocks_run (metadata_id=? AND rowid>? AND rowid<?)\n"),
            "\(joined)")
        #expect(joined.contains("reclaimExpired: SEARCH blocks USING INDEX blocks_leased (lease_until<?)\n"), "\(joined)")
        #expect(joined.contains("leasesHeld: SEARCH blocks USING INDEX blocks_leased (lease_until>?)\n"), "\(joined)")
        #expect(joined.contains("evictionCandidates: SEARCH blocks USING INDEX blocks_value (class=? AND id>?)\n"), "\(joined)")
        #expect(joined.contains("acknowledge: SEARCH blocks USING INTEGER PRIMARY KEY (rowid=?)"), "\(joined)")
        #expect(joined.contains("release: SEARCH blocks USING INTEGER PRIMARY KEY (rowid=?)"), "\(joined)")
        #expect(joined.contains("evictByAge: SEARCH blocks USING INDEX blocks_created"), "\(joined)")
    }
}
