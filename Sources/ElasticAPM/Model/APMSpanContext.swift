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

/// Exit-span and protocol details of a span (`span.context`).
public struct APMSpanContext: Sendable, Hashable {
    /// Database details (`context.db`).
    public var db: APMDatabaseContext?
    /// Outgoing HTTP details (`context.http`).
    public var http: APMHTTPClientContext?
    /// Messaging details (`context.message`).
    public var message: APMMessageContext?
    /// Destination address and port (`context.destination`).
    public var destinationAddress: String?
    /// Destination port.
    public var destinationPort: Int?
    /// User-set service target type; `nil` means inferred.
    public var serviceTargetType: String?
    /// User-set service target name; `nil` means inferred.
    public var serviceTargetName: String?

    /// Creates a span context.
    public init(
        db: APMDatabaseContext? = nil, http: APMHTTPClientContext? = nil, message: APMMessageContext? = nil,
        destinationAddress: String? = nil, destinationPort: Int? = nil,
        serviceTargetType: String? = nil, serviceTargetName: String? = nil
    ) {
        self.db = db
        self.http = http
        self.message = message
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
        self.serviceTargetType = serviceTargetType
        self.serviceTargetName = serviceTargetName
    }
}

/// Database call details (`span.context.db`).
public struct APMDatabaseContext: Sendable, Hashable {
    /// The database instance (schema/database name).
    public var instance: String?
    /// The statement, e.g. SQL (long field: up to `long_field_max_length` characters).
    public var statement: String?
    /// `sql` for SQL databases, otherwise the vendor.
    public var type: String?
    /// The database user.
    public var user: String?
    /// Rows affected.
    public var rowsAffected: Int?

    /// Creates database details.
    public init(
        instance: String? = nil, statement: String? = nil, type: String? = nil, user: String? = nil, rowsAffected: Int? = nil
    ) {
        self.instance = instance
        self.statement = statement
        self.type = type
        self.user = user
        self.rowsAffected = rowsAffected
    }
}

/// Outgoing HTTP call details (`span.context.http`).
public struct APMHTTPClientContext: Sendable, Hashable {
    /// The request URL (user info is redacted by the agent).
    public var url: String?
    /// The method.
    public var method: String?
    /// The response status code.
    public var statusCode: Int?

    /// Creates HTTP client details.
    public init(url: String? = nil, method: String? = nil, statusCode: Int? = nil) {
        self.url = url
        self.method = method
        self.statusCode = statusCode
    }
}

/// Messaging details (`context.message`).
public struct APMMessageContext: Sendable, Hashable {
    /// The queue or topic name.
    public var queueName: String?
    /// The message age in milliseconds (negative values are reported as 0).
    public var ageMilliseconds: Int?
    /// The body (long field), only when `capture_body` allows it.
    public var body: String?
    /// The routing key.
    public var routingKey: String?

    /// Creates messaging details.
    public init(queueName: String? = nil, ageMilliseconds: Int? = nil, body: String? = nil, routingKey: String? = nil) {
        self.queueName = queueName
        self.ageMilliseconds = ageMilliseconds
        self.body = body
        self.routingKey = routingKey
    }
}
