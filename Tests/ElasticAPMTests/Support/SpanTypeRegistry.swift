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

@testable import ElasticAPM

/// The allowed span `type` → `subtype` pairs of Elastic's `span_types.json`, used to check the
/// spans the agent's own instrumentations create.
struct SpanTypeRegistry {
    struct Rules {
        var allowNullSubtype: Bool
        var allowUnlistedSubtype: Bool
        var subtypes: Set<String>
    }

    let types: [String: Rules]

    /// Reads the decoded JSON, ignoring every key that starts with `__`.
    init(json: Any) throws {
        guard let root = json as? [String: Any] else { throw RegistryError("root is not an object") }
        var types: [String: Rules] = [:]
        for (type, value) in root where !type.hasPrefix("__") {
            guard let entry = value as? [String: Any] else { throw RegistryError("type \(type) is not an object") }
            let subtypes = (entry["subtypes"] as? [String: Any] ?? [:]).keys.filter { !$0.hasPrefix("__") }
            types[type] = Rules(
                allowNullSubtype: entry["allow_null_subtype"] as? Bool ?? false,
                allowUnlistedSubtype: entry["allow_unlisted_subtype"] as? Bool ?? false,
                subtypes: Set(subtypes)
            )
        }
        self.types = types
    }

    /// Whether a span may have this type and subtype (`nil` for no subtype).
    func isAllowed(type: String, subtype: String?) -> Bool {
        guard let rules = types[type] else { return false }
        guard let subtype else { return rules.allowNullSubtype }
        return rules.subtypes.contains(subtype) || rules.allowUnlistedSubtype
    }

    /// Whether a split span type is allowed.
    func isAllowed(_ name: SpanTypeName) -> Bool {
        isAllowed(type: name.type, subtype: name.subtype)
    }

    struct RegistryError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
