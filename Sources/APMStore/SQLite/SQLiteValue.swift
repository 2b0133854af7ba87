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

/// A value bound to a statement parameter.
enum SQLiteValue: Equatable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    /// `.integer`, or `.null` for nil.
    static func int(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
    /// `.integer`, or `.null` for nil.
    static func int(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
    /// `.text`, or `.null` for nil.
    static func string(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// `.blob`, or `.null` for nil.
    static func bytes(_ value: [UInt8]?) -> SQLiteValue { value.map { .blob($0) } ?? .null }
}
