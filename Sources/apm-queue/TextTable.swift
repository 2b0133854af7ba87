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

/// Rows of cells printed in aligned columns, two spaces apart; a left-aligned last column is
/// cut to keep every line within ``HumanFormat/width``.
struct TextTable {
    /// How a column's cells line up.
    enum Alignment {
        case left
        case right
    }

    private let alignments: [Alignment]
    private var rows: [[String]] = []
    private let indent: String

    /// A table whose columns line up as `alignments` say, each line starting with `indent`.
    init(_ alignments: [Alignment], indent: String = "") {
        self.alignments = alignments
        self.indent = indent
    }

    /// Adds a row (one cell per column).
    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    /// The lines, without trailing spaces.
    func render() -> [String] {
        var widths = [Int](repeating: 0, count: alignments.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        return rows.map { row in
            var line = indent
            for (column, cell) in row.enumerated() where column < alignments.count {
                if column > 0 { line += "  " }
                if column == alignments.count - 1 && alignments[column] == .left {
                    line += HumanFormat.truncate(cell, to: max(1, HumanFormat.width - line.count))
                } else {
                    let padding = String(repeating: " ", count: widths[column] - cell.count)
                    line += alignments[column] == .right ? padding + cell : cell + padding
                }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
