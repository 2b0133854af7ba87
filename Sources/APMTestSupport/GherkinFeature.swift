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

/// A minimal reader for the Gherkin feature files used as test vectors: scenarios with their
/// steps, data tables and `Examples` tables. Comments (`#`) and tags (`@`) are skipped.
package struct GherkinFeature {
    /// One scenario (or scenario outline).
    package struct Scenario {
        /// The title after `Scenario:`.
        package var title: String
        /// Whether it is a `Scenario Outline`.
        package var isOutline: Bool
        /// Step lines in order, without their tables.
        package var steps: [String] = []
        /// The data table attached to each step, by step index.
        package var stepTables: [Int: [[String]]] = [:]
        /// The `Examples` rows as header → cell dictionaries.
        package var examples: [[String: String]] = []
    }

    /// The scenarios in file order.
    package var scenarios: [Scenario] = []

    /// Parses the text of a `.feature` file.
    package init(_ text: String) {
        var current: Scenario?
        var inExamples = false
        var examplesHeader: [String]?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("@") { continue }
            if line.hasPrefix("Scenario Outline:") || line.hasPrefix("Scenario:") {
                if let current { scenarios.append(current) }
                let isOutline = line.hasPrefix("Scenario Outline:")
                let title = line.drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces)
                current = Scenario(title: title, isOutline: isOutline)
                inExamples = false
                examplesHeader = nil
            } else if line.hasPrefix("Examples:") {
                inExamples = true
            } else if line.hasPrefix("|") {
                let cells = line.dropFirst().split(separator: "|", omittingEmptySubsequences: false)
                    .dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
                guard current != nil else { continue }
                if inExamples {
                    if let header = examplesHeader {
                        current!.examples.append(Dictionary(uniqueKeysWithValues: zip(header, cells)))
                    } else {
                        examplesHeader = cells
                    }
                } else if !current!.steps.isEmpty {
                    current!.stepTables[current!.steps.count - 1, default: []].append(cells)
                }
            } else if current != nil, !inExamples {
                current!.steps.append(line)
            }
        }
        if let current { scenarios.append(current) }
    }

    /// The scenario with the given title.
    package func scenario(_ title: String) -> Scenario? {
        scenarios.first { $0.title == title }
    }
}

extension GherkinFeature.Scenario {
    /// The `| setting | value |` table of the first step that has one, without its header row.
    package var settings: [String: String] {
        guard let table = stepTables.sorted(by: { $0.key < $1.key }).first?.value else { return [:] }
        return Dictionary(table.dropFirst().map { ($0[0], $0.count > 1 ? $0[1] : "") }, uniquingKeysWith: { $1 })
    }

    /// The text between the first pair of single quotes of the first step starting with `prefix`.
    package func quotedArgument(ofStepStartingWith prefix: String) -> String? {
        guard let step = steps.first(where: { $0.hasPrefix(prefix) }),
            let open = step.firstIndex(of: "'"),
            let close = step[step.index(after: open)...].lastIndex(of: "'")
        else { return nil }
        return String(step[step.index(after: open)..<close])
    }
}
