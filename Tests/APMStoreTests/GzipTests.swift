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

import APMTestSupport
import Foundation
import Testing
@testable import APMStore

@Suite("gzip")
struct GzipTests {
    @Test("compression round-trips large, empty and repetitive inputs")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 3)
        let random = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try Gunzip.decompress(Gzip.compress(random)) == random)
        #expect(try Gzip.decompress(Gzip.compress(random)) == random)
        #expect(try Gunzip.decompress(Gzip.compress([])) == [])
        #expect(try Gzip.decompress(Gzip.compress([])) == [])
        #expect(try Gzip.decompress([]) == [])
        let repetitive = Array(String(repeating: #"{"transaction":{"id":"1","name":"GET /"}}"# + "\n", count: 1000).utf8)
        #expect(try Gzip.compress(repetitive).count < repetitive.count / 10)
        #expect(try Gzip.compress(repetitive, level: Gzip.mergeLevel).count <= Gzip.compress(repetitive).count)
    }

    @Test(
        "random pieces, in several members from libdeflate and zlib at random levels, decompress to their concatenation",
        arguments: [1, 2, 3, 4, 5] as [UInt64])
    func membersConcatenate(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var body: [UInt8] = []
        var expected: [UInt8] = []
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            let compressor = try GzipCompressor(
                level: Int32.random(in: 1...9, using: &generator), library: Bool.random(using: &generator) ? .preferred : .zlib)
            var raw: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                raw += (0..<Int.random(in: 0...3_000, using: &generator)).map { _ in UInt8.random(in: 32...126, using: &generator)
                }
                raw.append(10)
            }
            let member = try compressor.member(of: raw)
            #expect(try Gunzip.decompress(member) == raw, "zlib reads every member")
            body += member
            expected += raw
        }
        #expect(try Gzip.decompress(body) == expected)
        #expect(Gzip.count(of: 10, inMembers: body) == expected.count { $0 == 10 })
    }

    @Test("libdeflate compresses when the system has it (Debian's libdeflate0), else zlib; a compressor is reused")
    func libraries() throws {
        #if os(Linux)
        let hasLibDeflate =
            FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/libdeflate.so.0")
            || FileManager.default.fileExists(atPath: "/usr/lib/aarch64-linux-gnu/libdeflate.so.0")
        if hasLibDeflate { #expect(LibDeflate.shared != nil) }
        #endif
        let preferred = try GzipCompressor(level: Gzip.storeLevel)
        #expect(preferred.usesLibDeflate == (LibDeflate.shared != nil))
        #expect(try GzipCompressor(level: Gzip.storeLevel, library: .zlib).usesLibDeflate == false)
        let lines = Array(
            String(repeating: #"{"span":{"id":"0af7651916cd43dd","name":"SELECT FROM users"}}"# + "\n", count: 500).utf8)
        for _ in 0..<3 {
            #expect(try Gunzip.decompress(preferred.member(of: lines)) == lines)
            #expect(try Gunzip.decompress(preferred.member(of: [])) == [])
        }
    }

    @Test("damage is reported with what decoded before it; a limit stops a bomb")
    func damage() throws {
        let lines = Array(String(repeating: "line of text\n", count: 2_000).utf8)
        let first = try Gzip.compress(lines)
        let second = try Gzip.compress(lines)
        var damaged = first + second
        for index in (first.count + 20)..<(first.count + 40) { damaged[index] ^= 0x5A }
        let result = Gzip.decompressPrefix(damaged)
        #expect(result.error != nil)
        #expect(Array(result.bytes.prefix(lines.count)) == lines, "the sound first member decodes")
        #expect(throws: GzipError.self) { try Gzip.decompress(damaged) }
        #expect(throws: GzipError.self) { try Gzip.decompress(Array(first.dropLast(3))) }
        #expect(throws: GzipError.tooLarge(limit: 100)) { try Gzip.decompress(first, limit: 100) }
        #expect(throws: GzipError.self) { try Gzip.decompress([0x1F, 0x8B, 0x08, 0, 1, 2, 3]) }
        #expect(Gzip.count(of: 10, inMembers: first + second) == 4_000)
        #expect(Gzip.count(of: 10, inMembers: damaged) == nil)
        #expect(Gzip.count(of: 10, inMembers: Array(first.dropLast(3))) == nil)
        #expect(Gzip.count(of: 10, inMembers: []) == 0)
    }
}
