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

/// One schema migration, embedded at build time from `migrations/NNNN_name.sql`.
package struct SchemaMigration: Sendable, Equatable {
    /// The migration's version (`NNNN`); versions are 1, 2, 3... and applied in order.
    package var version: Int
    /// The file name's `name` part (e.g. "initial").
    package var name: String
    /// The SQL script, exactly as in the file.
    package var sql: String

    /// Creates a migration description.
    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Every migration this binary knows, in version order (from the generated `EmbeddedMigrations`).
    package static let all: [SchemaMigration] = EmbeddedMigrations.all.map {
        SchemaMigration(version: $0.version, name: $0.name, sql: $0.sql)
    }
}
