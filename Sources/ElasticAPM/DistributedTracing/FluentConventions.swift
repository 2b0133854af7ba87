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

/// FluentKit's query spans: FluentKit (1.57) wraps each query in a `fluent.query` client span with
/// `fluent.query.collection` (the model's schema, i.e. the table), `fluent.query.namespace` (its space),
/// `fluent.query.operation` (`create`, `read`, `update`, `delete`, `aggregate(count(…))`, `custom(…)`)
/// and `fluent.query.summary`, but no `db.system` and no statement. They become `db` spans named after
/// the operation and the collection (`read todos`, `count shop.orders`), with `context.db`.
///
/// The subtype (and `context.db.type`) is the database system: `db.system` (`db.system.name`) when the
/// span has one, otherwise the Fluent driver linked into the process when there is exactly one of
/// FluentSQLiteDriver, FluentPostgresDriver and FluentMySQLDriver; with none or several, no subtype.
enum FluentConventions {
    /// Whether the span is one of FluentKit's query spans.
    static func isFluentQuery(operationName: String, _ attributes: BridgedAttributes) -> Bool {
        operationName == "fluent.query" && attributes.string(.fluentQueryCollection) != nil
    }

    /// Type `db`, subtype the system when known, action `query`; the name, `context.db` and the peer as destination.
    static func shape(
        _ attributes: BridgedAttributes, peer: NetworkPeer, linkedSystem: String? = linkedDriverSystem
    ) -> (SpanTypeName, APMSpanContext, name: String) {
        let collection = attributes.string(.fluentQueryCollection) ?? ""
        let namespace = attributes.string(.fluentQueryNamespace)
        let system = attributes.string(.dbSystem, .dbSystemName).map(normalizedSystem) ?? linkedSystem
        let statement = attributes.string(.dbQueryText, .dbStatement)
        let database = APMDatabaseContext(
            instance: attributes.string(.dbNamespace, .dbName) ?? namespace, statement: statement,
            type: system.map(DatabaseConventions.statementType), user: attributes.string(.dbUser))
        let verb = operationVerb(attributes.string(.fluentQueryOperation) ?? "query")
        let table = namespace.map { "\($0).\(collection)" } ?? collection
        return (
            SpanTypeName(type: "db", subtype: system, action: "query"),
            APMSpanContext(db: database, destinationAddress: peer.address, destinationPort: peer.port),
            "\(verb) \(table)"
        )
    }

    /// The verb of a `fluent.query.operation`: the operation itself, the aggregate's method for
    /// `aggregate(count(todos[id]))` (`count`), `custom` for `custom(…)`.
    static func operationVerb(_ operation: String) -> String {
        var verb = Substring(operation)
        if verb.hasPrefix("aggregate(") { verb = verb.dropFirst("aggregate(".count) }
        if let parenthesis = verb.firstIndex(of: "(") { verb = verb[..<parenthesis] }
        return verb.isEmpty ? "query" : String(verb)
    }

    /// `db.system` values as the span type registry spells them (`postgresql`, `sqlite`).
    static func normalizedSystem(_ system: String) -> String {
        switch system.lowercased() {
        case "postgres", "psql", "pgsql": "postgresql"
        case "sqlite3": "sqlite"
        default: system.lowercased()
        }
    }

    /// The system of the one Fluent driver linked into the process, looked up once by a type each driver
    /// module defines (the Swift runtime's type metadata records, present whether or not the executable
    /// exports symbols); `nil` when none or several are linked.
    static let linkedDriverSystem: String? = {
        let drivers = [
            // FluentSQLiteDriver.FluentSQLiteDriver (fluent-sqlite-driver 4)
            ("sqlite", "18FluentSQLiteDriverAAV"),
            // FluentPostgresDriver.PostgresConverterDelegate (fluent-postgres-driver 2)
            ("postgresql", "20FluentPostgresDriver0B17ConverterDelegateV"),
            // FluentMySQLDriver._FluentMySQLDriver (fluent-mysql-driver 4)
            ("mysql", "17FluentMySQLDriver01_abC0V"),
        ]
        let linked = drivers.filter { _typeByName($0.1) != nil }
        return linked.count == 1 ? linked[0].0 : nil
    }()
}
