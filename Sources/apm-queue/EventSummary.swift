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

/// A one-line description of an intake event for listings: a transaction's or span's name and
/// type, an error's exception or log message, a metricset's sample count.
enum EventSummary {
    /// The summary of a parsed ndjson line (`{"span": {...}}`), or "" if there is nothing to say.
    static func of(_ line: JSONValue) -> String {
        guard case .object(let members) = line, let root = members.first else { return "" }
        let body = root.value
        let parts: [String?]
        switch root.key {
        case "transaction":
            parts = [text(body["name"]), text(body["type"]).map { "(\($0))" }, text(body["result"])]
        case "span":
            let type = [text(body["type"]), text(body["subtype"])].compactMap { $0 }.joined(separator: ".")
            parts = [text(body["name"]), type.isEmpty ? nil : "(\(type))"]
        case "error":
            let exception = body["exception"]
            if let exception, let message = text(exception["message"]) {
                parts = [text(exception["type"]).map { $0 + ":" }, message]
            } else {
                parts = [text(body["log"]?["message"]) ?? text(exception?["type"])]
            }
        case "metricset":
            if case .object(let samples) = body["samples"] {
                parts = [
                    samples.count == 1 ? "1 sample" : "\(samples.count) samples",
                    text(body["transaction"]?["name"]), text(body["span"]?["type"]).map { "span \($0)" },
                ]
            } else {
                parts = []
            }
        case "log":
            parts = [text(body["message"])]
        case "metadata":
            parts = [text(body["service"]?["name"]), text(body["service"]?["version"])]
        default:
            parts = []
        }
        return HumanFormat.singleLine(parts.compactMap { $0 }.joined(separator: " "))
    }

    private static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .string(let text) where !text.isEmpty: return text
        case .number(let text): return text
        default: return nil
        }
    }
}
