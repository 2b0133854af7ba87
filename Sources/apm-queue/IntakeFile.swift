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

import APMStore

/// An intake ndjson file checked line by line and grouped into runs for import: every line
/// must be a JSON object with one root key, `metadata` (starting a new run) or an event kind
/// whose events then belong to that run.
struct IntakeFile {
    /// The event kinds APM Server's intake v2 accepts after the metadata line.
    static let eventKinds: Set<String> = ["transaction", "span", "error", "metricset", "log"]

    /// Why a file cannot be imported: the 1-based line and what is wrong with it.
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    /// The runs, in file order, each with its events in file order.
    private(set) var runs: [ImportRun] = []
    /// Events per kind.
    private(set) var byKind: [String: Int] = [:]
    /// Metadata lines followed by no event (not imported: a run without events sends nothing).
    private(set) var emptyRuns = 0

    /// Number of events over all runs.
    var events: Int { byKind.values.reduce(0, +) }

    /// Checks every line of `contents`. Lines end with LF (a CR before it is dropped); blank
    /// lines are skipped. `createdAt` dates the imported rows.
    init(_ contents: [UInt8], createdAt: Int64) throws(Problem) {
        var lineNumber = 0
        var current: ImportRun?
        for rawLine in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(rawLine)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let kind = try Self.kind(of: line, lineNumber: lineNumber)
            if kind == "metadata" {
                if let current { finish(current) }
                current = ImportRun(metadata: line, metadataCreatedAt: createdAt, events: [])
            } else {
                guard current != nil else {
                    throw Problem(line: lineNumber, message: "a \(kind) event comes before any metadata line")
                }
                current?.events.append(NewEvent(kind: kind, createdAt: createdAt, body: line))
                byKind[kind, default: 0] += 1
            }
        }
        if let current { finish(current) }
        guard events > 0 else { throw Problem(line: 0, message: "the file holds no events") }
    }

    private mutating func finish(_ run: ImportRun) {
        if run.events.isEmpty {
            emptyRuns += 1
        } else {
            runs.append(run)
        }
    }

    /// The root key of a valid line.
    private static func kind(of line: [UInt8], lineNumber: Int) throws(Problem) -> String {
        let value: JSONValue
        do throws(JSONParser.Failure) {
            value = try JSONParser.parse(line)
        } catch {
            throw Problem(line: lineNumber, message: "not valid JSON (\(error))")
        }
        guard case .object(let members) = value else {
            throw Problem(line: lineNumber, message: "not a JSON object")
        }
        guard members.count == 1, let root = members.first else {
            throw Problem(line: lineNumber, message: "a JSON object with \(members.count) root keys; each line needs exactly one")
        }
        guard root.key == "metadata" || eventKinds.contains(root.key) else {
            let known = (["metadata"] + eventKinds.sorted()).joined(separator: ", ")
            throw Problem(
                line: lineNumber,
                message:
                    "unknown root key \"\(HumanFormat.singleLine(HumanFormat.truncate(root.key, to: 40)))\" (expected one of \(known))"
            )
        }
        guard case .object = root.value else {
            throw Problem(line: lineNumber, message: "the value of \"\(root.key)\" is not an object")
        }
        return root.key
    }
}
