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

/// A span's `type`, `subtype` and `action`, as written together in dotted form
/// (`db.mysql.query`).
///
/// An empty type becomes `custom`, as the spans spec requires; empty subtypes and actions
/// become `nil`.
struct SpanTypeName: Sendable, Hashable, CustomStringConvertible {
    /// The type used when none is given.
    static let defaultType = "custom"

    /// The span type, never empty (`db`, `external`, `custom`, …).
    var type: String
    /// The span subtype (`mysql`, `http`, …), or `nil`.
    var subtype: String?
    /// The span action (`query`, `send`, …), or `nil`.
    var action: String?

    /// Creates a type name, replacing an empty type with `custom` and empty parts with `nil`.
    init(type: String, subtype: String? = nil, action: String? = nil) {
        self.type = type.isEmpty ? Self.defaultType : type
        self.subtype = subtype?.isEmpty == false ? subtype : nil
        self.action = action?.isEmpty == false ? action : nil
    }

    /// Splits a dotted type as the Python agent does: the text before the first `.` is the type,
    /// the text up to the second `.` the subtype, the text up to a third `.` the action, and anything
    /// after that is dropped, so `a.b.c.d` gives `a`, `b`, `c`.
    init(dotted: String) {
        // Byte-level scan: this runs on the application thread for every span with a dotted type.
        let utf8 = dotted.utf8
        guard let firstDot = utf8.firstIndex(of: UInt8(ascii: ".")) else {
            self.init(type: dotted)
            return
        }
        let afterFirst = utf8.index(after: firstDot)
        let rest = utf8[afterFirst...]
        let secondDot = rest.firstIndex(of: UInt8(ascii: "."))
        let subtype = Substring(rest[..<(secondDot ?? rest.endIndex)])
        let action = secondDot.map { dot -> Substring in
            let tail = utf8[utf8.index(after: dot)...]
            return Substring(tail[..<(tail.firstIndex(of: UInt8(ascii: ".")) ?? tail.endIndex)])
        }
        self.init(type: String(Substring(utf8[..<firstDot])), subtype: String(subtype), action: action.map(String.init))
    }

    /// The dotted form, omitting missing parts (`db.mysql.query`, `db..query` when only the
    /// subtype is missing, `custom`).
    var description: String {
        switch (subtype, action) {
        case (nil, nil): type
        case (let subtype?, nil): type + "." + subtype
        case (let subtype, let action?): type + "." + (subtype ?? "") + "." + action
        }
    }
}
