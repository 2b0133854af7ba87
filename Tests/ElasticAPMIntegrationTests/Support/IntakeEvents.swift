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

/// Intake ndjson event lines decoded by type (`transaction`, `span`, `error`), for assertions.
struct IntakeEvents {
    /// Every decoded line: its intake type and body.
    let objects: [(type: String, body: [String: Any])]

    /// Decodes `lines`; a line that is not a one-key JSON object is skipped.
    init(lines: [String]) {
        objects = lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object.count == 1, let (type, body) = object.first, let body = body as? [String: Any]
            else { return nil }
            return (type, body)
        }
    }

    /// The transactions, in the order they were stored.
    var transactions: [[String: Any]] { bodies(of: "transaction") }
    /// The spans, in the order they were stored.
    var spans: [[String: Any]] { bodies(of: "span") }
    /// The errors, in the order they were stored.
    var errors: [[String: Any]] { bodies(of: "error") }

    /// The first transaction named `name`.
    func transaction(named name: String) -> [String: Any]? {
        transactions.first { $0["name"] as? String == name }
    }

    private func bodies(of type: String) -> [[String: Any]] {
        objects.filter { $0.type == type }.map(\.body)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Reads a nested value by a dotted path, e.g. `context.request.method`.
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for component in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(component)]
        }
        return current
    }
}
