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

extension EventQueue {
    /// The cached central configuration for `serviceName`/`environment` ("" = none), if any.
    package func remoteConfig(serviceName: String, environment: String) throws(QueueError) -> CachedRemoteConfig? {
        try perform { () throws(SQLiteError) -> CachedRemoteConfig? in
            try connection.withStatement(QueueSQL.selectRemoteConfig) { (statement) throws(SQLiteError) -> CachedRemoteConfig? in
                try statement.bind([.text(serviceName), .text(environment)])
                guard try statement.step() else { return nil }
                return CachedRemoteConfig(
                    serviceName: serviceName,
                    environment: environment,
                    etag: statement.optionalText(0),
                    body: statement.blob(1),
                    fetchedAt: statement.int64(2),
                    maxAge: statement.optionalInt64(3),
                    appliedAt: statement.optionalInt64(4)
                )
            }
        }
    }

    /// Stores (replaces) the cached configuration for its service/environment.
    package func storeRemoteConfig(_ config: CachedRemoteConfig) throws(QueueError) {
        try write { () throws(SQLiteError) -> Void in
            try connection.execute(
                QueueSQL.upsertRemoteConfig,
                [
                    .text(config.serviceName), .text(config.environment), .string(config.etag),
                    .blob(config.body), .integer(config.fetchedAt), .int(config.maxAge), .int(config.appliedAt),
                ])
        }
    }

    /// Forgets the cached configuration for `serviceName`/`environment`; returns whether one existed.
    @discardableResult
    package func deleteRemoteConfig(serviceName: String, environment: String) throws(QueueError) -> Bool {
        try write { () throws(SQLiteError) -> Bool in
            try connection.execute(QueueSQL.deleteRemoteConfig, [.text(serviceName), .text(environment)]) > 0
        }
    }
}
