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

import Tracing

/// OpenTelemetry database client attributes: `db.system` (`db.system.name`), `db.namespace` (`db.name`),
/// `db.query.text` (`db.statement`) and `db.user`, mapped to a `db` span with `context.db`.
enum DatabaseConventions {
    /// `context.db.type` for a system: `sql` for SQL databases, the system itself otherwise.
    static func statementType(_ system: String) -> String {
        // A switch over literals: the names are short, so each comparison is a comparison of two words.
        switch system {
        case "mysql", "mariadb", "postgresql", "mssql", "oracle", "db2", "sqlite", "h2", "hsqldb", "derby",
            "cockroachdb", "cockroach", "other_sql", "clickhouse", "trino", "spanner", "redshift", "snowflake":
            "sql"
        default: system
        }
    }

    /// Type `db`, subtype the system, action `query`; `context.db` and the peer as destination.
    static func shape(system: String, _ attributes: BridgedAttributes, peer: NetworkPeer) -> (SpanTypeName, APMSpanContext) {
        let statement = attributes.string(.dbQueryText, .dbStatement)
        let database = APMDatabaseContext(
            instance: attributes.string(.dbNamespace, .dbName), statement: statement,
            type: statementType(system), user: attributes.string(.dbUser))
        return (
            SpanTypeName(type: "db", subtype: system, action: statement != nil ? "query" : nil),
            APMSpanContext(db: database, destinationAddress: peer.address, destinationPort: peer.port)
        )
    }
}
