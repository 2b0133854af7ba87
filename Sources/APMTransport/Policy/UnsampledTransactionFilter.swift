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

/// Recognises the ND-JSON lines of unsampled transactions, which APM Server 8.0 and later
/// neither needs nor wants.
///
/// A line qualifies when its root key is `transaction` and that object's own `sampled` member
/// is `false`; a `sampled` key nested deeper (labels, context) does not count.
package enum UnsampledTransactionFilter {
    /// Whether `line` is `{"transaction":{…,"sampled":false,…}}`.
    package static func isUnsampledTransaction(_ line: [UInt8]) -> Bool {
        var depth = 0
        var index = 0
        var rootIsTransaction = false
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
            case UInt8(ascii: "\""):
                let (text, end) = readString(line, from: index + 1)
                let valueStart = skipWhitespace(line, from: end)
                guard valueStart < line.count, line[valueStart] == UInt8(ascii: ":") else {
                    index = end
                    continue
                }
                if depth == 1 {
                    guard !rootIsTransaction, text.elementsEqual("transaction".utf8) else {
                        return false
                    }
                    rootIsTransaction = true
                } else if depth == 2, text.elementsEqual("sampled".utf8) {
                    let value = skipWhitespace(line, from: valueStart + 1)
                    return line[value...].starts(with: "false".utf8)
                }
                index = valueStart + 1
            default:
                index += 1
            }
        }
        return false
    }

    /// Reads a JSON string body starting after its opening quote; returns its raw bytes
    /// (escapes left as they are) and the index after the closing quote.
    private static func readString(_ line: [UInt8], from start: Int) -> (ArraySlice<UInt8>, Int) {
        var index = start
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"):
                index += 2
            case UInt8(ascii: "\""):
                return (line[start..<index], index + 1)
            default:
                index += 1
            }
        }
        return (line[start..<min(index, line.count)], line.count)
    }

    private static func skipWhitespace(_ line: [UInt8], from start: Int) -> Int {
        var index = start
        while index < line.count, [0x20, 0x09, 0x0A, 0x0D].contains(line[index]) {
            index += 1
        }
        return index
    }
}
