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

import APMStore

/// JSON renderings of stored rows shared by `list`, `show` and `dead-letters list`.
enum EventJSON {
    /// A stored ndjson line as a value: the parsed line, or null with the parser's complaint
    /// under `body_error` (added by the caller) when the line is not valid JSON.
    static func parsed(_ body: [UInt8]) -> (value: JSONValue, error: String?) {
        do throws(JSONParser.Failure) {
            return (try JSONParser.parse(body), nil)
        } catch {
            return (.null, error.description)
        }
    }

    /// An `events` row: its fields, then the parsed line under `event`.
    static func row(_ info: EventInfo, now: Int64) -> JSONValue {
        let event = info.event
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(event.id)),
            .init(key: "metadata_id", value: .int(event.metadataID)),
            .init(key: "kind", value: .string(event.kind)),
            .init(key: "created_at", value: .int(event.createdAt)),
            .init(key: "age_seconds", value: .seconds(microseconds: now - event.createdAt)),
            .init(key: "size", value: .int(event.size)),
            .init(key: "attempts", value: .int(event.attempts)),
            .init(key: "lease_owner", value: .string(info.leaseOwner)),
            .init(key: "lease_until", value: .int(info.leaseUntil)),
        ]
        append(body: event.body, as: "event", to: &members)
        return .object(members)
    }

    /// A metadata row: id, created_at, and the parsed line under `metadata`.
    static func metadata(_ record: MetadataRecord) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(record.id)),
            .init(key: "created_at", value: .int(record.createdAt)),
        ]
        append(body: record.body, as: "metadata", to: &members)
        return .object(members)
    }

    /// A `dead_letters` row: its fields, then the parsed line under `event`.
    static func deadLetter(_ letter: DeadLetter, now: Int64) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "id", value: .int(letter.id)),
            .init(key: "event_id", value: .int(letter.eventID)),
            .init(key: "metadata_id", value: .int(letter.metadataID)),
            .init(key: "kind", value: .string(letter.kind)),
            .init(key: "created_at", value: .int(letter.createdAt)),
            .init(key: "rejected_at", value: .int(letter.rejectedAt)),
            .init(key: "age_seconds", value: letter.rejectedAt.map { .seconds(microseconds: now - $0) } ?? .null),
            .init(key: "status", value: .int(letter.status)),
            .init(key: "reason", value: .string(letter.reason)),
        ]
        append(body: letter.body ?? [], as: "event", to: &members)
        return .object(members)
    }

    private static func append(body: [UInt8], as key: String, to members: inout [JSONValue.Member]) {
        let (value, error) = parsed(body)
        members.append(.init(key: key, value: value))
        if let error { members.append(.init(key: "body_error", value: .string(error))) }
    }
}
