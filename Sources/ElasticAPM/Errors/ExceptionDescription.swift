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

/// How a Swift `Error` is described in `error.exception`.
enum ExceptionDescription {
    /// The type name without its module, e.g. `DecodingError` or `Server.RequestError`.
    static func type(of error: any Error) -> (type: String, module: String?) {
        var reflected = String(reflecting: Swift.type(of: error))
        // Types declared inside functions print as `(unknown context at $…)`; drop those segments.
        while let start = reflected.range(of: "(unknown context at "),
            let end = reflected[start.upperBound...].range(of: ").")
        {
            reflected.removeSubrange(start.lowerBound..<end.upperBound)
        }
        guard let dot = reflected.firstIndex(of: "."), !reflected[..<dot].contains("<") else { return (reflected, nil) }
        return (String(reflected[reflected.index(after: dot)...]), String(reflected[..<dot]))
    }

    /// Whether `filter_exception_types` lists the type: by its name (`RequestError`), its name
    /// with the module (`Server.RequestError`), or, for a nested type, its last component.
    static func isFiltered(type: String, module: String?, by names: [String]) -> Bool {
        guard !names.isEmpty else { return false }
        let last = type.split(separator: ".").last.map(String.init) ?? type
        return names.contains { $0 == type || $0 == last || (module.map { "\($0).\(type)" } == $0) }
    }

    /// The message: `LocalizedError.errorDescription` when provided, otherwise `String(describing:)`.
    static func message(of error: any Error) -> String {
        if let localized = error as? LocalizedError, let description = localized.errorDescription {
            return description
        }
        return String(describing: error)
    }

    /// Fills `%s`, `%d`, `%i`, `%f` and `%@` placeholders from `params` in order (`%%` is a literal `%`).
    static func format(_ template: String, _ params: [String]) -> String {
        var result = ""
        var iterator = params.makeIterator()
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "%", next < template.endIndex {
                let specifier = template[next]
                if specifier == "%" {
                    result.append("%")
                    index = template.index(after: next)
                    continue
                }
                if "sdif@".contains(specifier), let value = iterator.next() {
                    result += value
                    index = template.index(after: next)
                    continue
                }
            }
            result.append(character)
            index = next
        }
        return result
    }
}
