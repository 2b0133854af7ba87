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
import Synchronization
import Testing
@testable import APMStore
import APMTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects logger lines from any thread.
final class LogBox: Sendable {
    private let lines = Mutex<[String]>([])
    var logger: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    var messages: [String] { lines.withLock { $0 } }
}

/// A fixed clock for tests (µs).
let t0: Int64 = 1_700_000_000_000_000
let second: Int64 = 1_000_000

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

func event(_ body: String, kind: String = "span", at createdAt: Int64 = t0) -> NewEvent {
    NewEvent(kind: kind, createdAt: createdAt, body: bytes(body))
}

/// File mode bits (permissions only), or nil if absent.
func mode(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode & 0o777)
}

func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// A raw connection for building or inspecting files the way other versions/programs would.
func rawConnection(_ path: String) throws -> SQLiteConnection {
    try SQLiteConnection(path: path, flags: 0x0000_0002 | 0x0000_0004)  // READWRITE | CREATE
}

/// Builds a queue file at schema version `version` (applying only the first `version` migrations).
func makeFile(at path: String, version: Int) throws {
    let connection = try rawConnection(path)
    defer { connection.close() }
    let runner = MigrationRunner(connection: connection, migrations: SchemaMigration.all, now: { t0 })
    try runner.migrate(upTo: version)
}

/// Where `swift build` put the fixture executable: next to the test bundle.
func fixturePath() throws -> String {
    try TestBinaries.path(of: "apm-store-fixture")
}

extension ContinuousClock.Instant {
    static func seconds(fromNow seconds: Int) -> ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: .seconds(seconds))
    }
}
