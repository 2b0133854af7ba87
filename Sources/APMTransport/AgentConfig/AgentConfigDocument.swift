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

import Foundation

/// A central configuration APM Server sent: its etag, its settings and the raw body they were
/// read from (kept so the configuration can be cached and read again after a restart).
package struct AgentConfigDocument: Sendable, Equatable {
    /// The `Etag` header without its quotes (`-` when no configuration exists), or `nil` when
    /// the answer had none.
    package var etag: String?
    /// Option name → value in environment-variable syntax.
    package var settings: [String: String]
    /// The response body, a JSON object.
    package var body: [UInt8]
    /// The `Cache-Control: max-age` in seconds, `nil` when missing, invalid or ≤ 0.
    package var maxAge: Int?

    /// Creates a document.
    package init(etag: String?, settings: [String: String], body: [UInt8], maxAge: Int?) {
        self.etag = etag
        self.settings = settings
        self.body = body
        self.maxAge = maxAge
    }

    /// Reads the settings of a body: a JSON object whose values are strings as APM Server
    /// sends them; values of other JSON types are converted as APM Server does when it reads
    /// a configuration (`true`/`false`, numbers in their shortest form, `null` as an empty
    /// string), arrays as comma-separated lists and objects as `key=value` mappings sorted by
    /// key. Returns `nil` when the body is not a JSON object.
    package static func settings(from body: [UInt8]) -> [String: String]? {
        guard let object = try? JSONDecoder().decode([String: SettingValue].self, from: Data(body)) else {
            return nil
        }
        return object.mapValues(\.text)
    }

    /// `Etag` header → the etag without quotes and without a weak-validator prefix.
    static func etag(fromHeader header: String?) -> String? {
        guard var value = header?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.hasPrefix("W/") {
            value.removeFirst(2)
        }
        value.removeAll { $0 == "\"" }
        return value.isEmpty ? nil : value
    }
}

/// One configuration value of any JSON type, read as text.
private struct SettingValue: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = ""
        } else if let string = try? container.decode(String.self) {
            text = string
        } else if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let number = try? container.decode(Double.self) {
            text = "\(number)"
        } else if let list = try? container.decode([SettingValue].self) {
            text = list.map(\.text).joined(separator: ",")
        } else {
            let mapping = try container.decode([String: SettingValue].self)
            text = mapping.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" }.joined(separator: ",")
        }
    }
}
