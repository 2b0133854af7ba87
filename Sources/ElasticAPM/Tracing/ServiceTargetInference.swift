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

/// Infers an exit span's `context.service.target` and `context.destination.service.resource`,
/// the single place where Elastic's service-target and destination specs are applied.
///
/// Only exit spans get values. The target type is the user's if set, else the subtype, else the
/// type. The target name is the user's if set, else `db.instance` when the span has a database
/// context, else `message.queue.name` when it has a message context, else `host:port` of
/// `http.url` (ports 80 and 443 implied by `http`/`ws` and `https`/`wss`). A database or message
/// context without those fields leaves the name empty even when `http.url` is set.
///
/// The resource is the target name if there is no type, the type if there is no name, the name
/// for `external` spans, and `type/name` otherwise.
enum ServiceTargetInference {
    /// A `service.target` value; an empty string counts as unset.
    struct Target: Sendable, Hashable {
        /// `service.target.type`, usually the span subtype (`mysql`, `kafka`, `http`).
        var type: String?
        /// `service.target.name`, e.g. a database instance, a queue or `host:port`.
        var name: String?

        /// Creates a target.
        init(type: String?, name: String?) {
            self.type = type
            self.name = name
        }
    }

    /// What inference needs to know about a span.
    struct Input: Sendable, Hashable {
        /// Whether the span is an exit span; other spans get no target and no resource.
        var isExit: Bool
        /// The span type, e.g. `db`.
        var type: String
        /// The span subtype, e.g. `mysql`.
        var subtype: String?
        /// Whether the span has a `context.db`, even one without `instance` (implied by a
        /// non-`nil` ``dbInstance``).
        var hasDatabaseContext: Bool
        /// `context.db.instance`.
        var dbInstance: String?
        /// Whether the span has a `context.message`, even one without a queue name (implied by a
        /// non-`nil` ``messageQueueName``).
        var hasMessageContext: Bool
        /// `context.message.queue.name`.
        var messageQueueName: String?
        /// `context.http.url`.
        var httpURL: String?
        /// The target set through the API, or `nil` when the user set none. Each part the user
        /// left empty is inferred; setting both parts empty discards the target (and resource).
        var userTarget: Target?
        /// The resource set through the deprecated API, or `nil` when the user set none; an
        /// empty string discards the resource and target.
        var userResource: String?

        /// Describes a span. A non-`nil` `dbInstance` or `messageQueueName` implies the
        /// corresponding context.
        init(
            isExit: Bool,
            type: String,
            subtype: String? = nil,
            hasDatabaseContext: Bool = false,
            dbInstance: String? = nil,
            hasMessageContext: Bool = false,
            messageQueueName: String? = nil,
            httpURL: String? = nil,
            userTarget: Target? = nil,
            userResource: String? = nil
        ) {
            self.isExit = isExit
            self.type = type
            self.subtype = subtype
            self.hasDatabaseContext = hasDatabaseContext || dbInstance != nil
            self.dbInstance = dbInstance
            self.hasMessageContext = hasMessageContext || messageQueueName != nil
            self.messageQueueName = messageQueueName
            self.httpURL = httpURL
            self.userTarget = userTarget
            self.userResource = userResource
        }
    }

    /// The inferred fields; both `nil` for non-exit spans or when the user discarded them.
    struct Inferred: Sendable, Hashable {
        /// `context.destination.service.resource`.
        var resource: String?
        /// `context.service.target`, with `nil` for parts that have no value.
        var target: Target?
    }

    /// Applies the inference rules to `input`.
    static func infer(_ input: Input) -> Inferred {
        guard input.isExit else { return Inferred(resource: nil, target: nil) }
        if let resource = input.userResource {
            // Deprecated API: the resource stands as given, and as the target name (spec MAY).
            guard !resource.isEmpty else { return Inferred(resource: nil, target: nil) }
            return Inferred(resource: resource, target: Target(type: "", name: resource))
        }
        var type = nonEmpty(input.userTarget?.type)
        var name = nonEmpty(input.userTarget?.name)
        if input.userTarget != nil, type == nil, name == nil {
            return Inferred(resource: nil, target: nil)
        }
        if type == nil {
            type = nonEmpty(input.subtype) ?? nonEmpty(input.type)
        }
        if name == nil {
            if input.hasDatabaseContext || input.dbInstance != nil {
                name = nonEmpty(input.dbInstance)
            } else if input.hasMessageContext || input.messageQueueName != nil {
                name = nonEmpty(input.messageQueueName)
            } else if let url = input.httpURL {
                name = hostAndPort(ofURL: url)
            }
        }
        guard type != nil || name != nil else { return Inferred(resource: nil, target: nil) }
        return Inferred(resource: resource(type: type, name: name, spanType: input.type), target: Target(type: type, name: name))
    }

    /// `destination.service.resource` from a target, per the destination spec.
    static func resource(type: String?, name: String?, spanType: String) -> String? {
        guard let name = nonEmpty(name) else { return nonEmpty(type) }
        guard let type = nonEmpty(type), spanType != "external" else { return name }
        return type + "/" + name
    }

    /// `host:port` of an absolute URL, with the scheme's default port when none is given;
    /// `nil` when the URL has no `scheme://host`. User info is never included.
    static func hostAndPort(ofURL url: String) -> String? {
        var url = url
        return url.withUTF8 { bytes in
            // scheme "://" authority [ "/" | "?" | "#" ...]
            var schemeEnd = 0
            while schemeEnd < bytes.count, bytes[schemeEnd] != ASCII.colon { schemeEnd += 1 }
            guard schemeEnd > 0, schemeEnd + 2 < bytes.count,
                bytes[schemeEnd + 1] == ASCII.slash, bytes[schemeEnd + 2] == ASCII.slash
            else { return nil }
            var start = schemeEnd + 3, end = start
            while end < bytes.count, bytes[end] != ASCII.slash, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
                if bytes[end] == ASCII.at { start = end + 1 }
                end += 1
            }
            // Host: a bracketed IPv6 literal or everything up to the last ":".
            var hostEnd = end, portStart = end
            if start < end, bytes[start] == UInt8(ascii: "[") {
                guard let close = (start..<end).first(where: { bytes[$0] == UInt8(ascii: "]") }) else { return nil }
                hostEnd = close + 1
                if hostEnd < end, bytes[hostEnd] == ASCII.colon { portStart = hostEnd + 1 } else if hostEnd != end { return nil }
            } else if let colon = (start..<end).last(where: { bytes[$0] == ASCII.colon }) {
                hostEnd = colon
                portStart = colon + 1
            }
            guard hostEnd > start else { return nil }
            let host = String(decoding: bytes[start..<hostEnd], as: UTF8.self)
            let port = bytes[portStart..<end]
            if !port.isEmpty, port.count <= 5, port.allSatisfy(ASCII.isDigit) {
                return host + ":" + String(decoding: port, as: UTF8.self)
            }
            guard port.isEmpty else { return nil }
            switch String(decoding: bytes[0..<schemeEnd].map(ASCII.lowercased), as: UTF8.self) {
            case "http", "ws": return host + ":80"
            case "https", "wss": return host + ":443"
            default: return host
            }
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
