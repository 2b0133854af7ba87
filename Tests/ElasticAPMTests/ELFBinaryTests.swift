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

#if os(Linux)
import APMTestSupport
import Foundation
import Glibc
import Testing

@testable import ElasticAPM

@Suite("ELF binary reader (symbols, line programs, build id)")
struct ELFBinaryTests {
    /// The program counter of this function's call to `capture`, with the line it is on.
    @inline(never)
    private func ownAddress(line: inout Int) throws -> UInt64 {
        line = #line + 1
        let captured = CapturedStackTrace.capture(skipping: 0, limit: 4)
        let trace = try #require(captured)
        return try #require(StackTraceResolver.addresses(of: trace).first)
    }

    @Test("the test binary's own code: function, file, line and the image map's build id")
    func ownCode() throws {
        var line = 0
        let address = try ownAddress(line: &line)
        let object = try #require(ELFBinary.loadedObject(at: address))
        let binary = try #require(ELFBinary(path: object.path))
        let function = try #require(binary.function(at: address - object.bias))
        #expect(SwiftSymbols.demangle(function).contains("ownAddress"))
        let source = try #require(binary.sourceLine(at: address - object.bias))
        #expect(source.path.hasSuffix("/Tests/ElasticAPMTests/ELFBinaryTests.swift"))
        #expect(source.line == line)
        let name = object.path.split(separator: "/").last.map(String.init)
        if let image = ImageMapCache.images.first(where: { $0.name == name }), let id = image.uniqueID, !id.isEmpty {
            #expect(binary.buildID == id)
        }
        // Indexes only: 16 bytes a function symbol and the line programs' ranges, not the tables.
        #expect(binary.memoryBytes < 32 << 20)
    }

    @Test("a shared library's dynamic symbols name its functions")
    func sharedLibrary() throws {
        let address = UInt64(UInt(bitPattern: try #require(dlsym(nil, "qsort"))))
        let object = try #require(ELFBinary.loadedObject(at: address))
        #expect(object.path.contains("libc"))
        let binary = try #require(ELFBinary(path: object.path))
        let function = try #require(binary.function(at: address - object.bias))
        #expect(function.contains("qsort"))
    }

    @Test("missing files, non-ELF files and addresses outside every object give nothing")
    func unreadable() throws {
        #expect(ELFBinary(path: "/nonexistent/binary") == nil)
        let path = FileManager.default.temporaryDirectory.appending(path: "apm-not-elf-\(UUID().uuidString)").path
        try Data("not an ELF file, just some text that is long enough to hold a header".utf8).write(to: URL(filePath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(ELFBinary(path: path) == nil)
        #expect(ELFBinary.loadedObject(at: 0x10) == nil)
    }

    @Test("corrupted copies of a binary are read without crashing", arguments: 0..<64)
    func corrupted(seed: Int) throws {
        // A small executable of this package with its symbol table and line programs.
        let original = try #require(FileManager.default.contents(atPath: try TestBinaries.path(of: "apm-embed-migrations")))
        var generator = SeededGenerator(seed: UInt64(seed))
        var bytes = [UInt8](original)
        // Section headers, symbol tables and line programs sit in the second half.
        for _ in 0..<(1 + seed % 8) * 16 {
            let index = bytes.count / 2 + Int(generator.next() % UInt64(bytes.count / 2))
            bytes[index] = UInt8(truncatingIfNeeded: generator.next())
        }
        if seed.isMultiple(of: 4) { bytes.removeLast(Int(generator.next() % UInt64(bytes.count / 2))) }
        let path = FileManager.default.temporaryDirectory.appending(path: "apm-corrupt-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(filePath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let binary = ELFBinary(path: path) else { return }
        for _ in 0..<32 {
            let probe = generator.next() % UInt64(original.count)
            _ = binary.function(at: probe)
            _ = binary.sourceLine(at: probe)
        }
        _ = binary.buildID
    }

    @Test("an intact copy of the same binary names its functions and lines")
    func intactCopy() throws {
        let binary = try #require(ELFBinary(path: try TestBinaries.path(of: "apm-embed-migrations")))
        // Probe addresses across the file's layout: some fall in functions with lines.
        var named = 0
        var withLines = 0
        for probe in stride(from: UInt64(0), to: 0x10_0000, by: 0x100) {
            if binary.function(at: probe) != nil { named += 1 }
            if let source = binary.sourceLine(at: probe), source.path.hasSuffix(".swift") { withLines += 1 }
        }
        #expect(named > 0)
        #expect(withLines > 0)
        #expect(binary.buildID.map { !$0.isEmpty } ?? true)
    }
}
#endif
