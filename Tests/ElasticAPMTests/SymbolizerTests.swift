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
import Testing
@testable import ElasticAPM

@Suite("Symbolizer (the binaries' tables and the dladdr fallback)")
struct SymbolizerTests {
    /// The frame of this function's call to `capture`, resolved by `symbolizer` on this thread.
    @inline(never)
    private func ownFrame(with symbolizer: Symbolizer, line: inout Int) throws -> StackFrame? {
        line = #line + 1
        let captured = CapturedStackTrace.capture(skipping: 0, limit: 4)
        let trace = try #require(captured)
        let address = try #require(StackTraceResolver.addresses(of: trace).first)
        return symbolizer.frame(at: address)
    }

    @Test("reading the binaries: function, file and line of the application's code")
    func resolvesOwnCode() throws {
        var line = 0
        let frame = try #require(try ownFrame(with: Symbolizer(), line: &line))
        #expect(frame.function?.contains("ownFrame") == true)
        #expect(frame.filename == "SymbolizerTests.swift")
        #expect(frame.absPath?.hasSuffix("/Tests/ElasticAPMTests/SymbolizerTests.swift") == true)
        #expect(frame.lineno == line)
        #expect(frame.libraryFrame == false)
    }

    @Test("with dladdr alone: no file or line; a name from the dynamic symbols or the address and build id")
    func dladdrFallback() throws {
        var line = 0
        let frame = try #require(try ownFrame(with: Symbolizer(readsBinaries: false), line: &line))
        #expect(frame.lineno == nil)
        #expect(frame.absPath == nil)
        #expect(frame.libraryFrame == false)
        let function = try #require(frame.function)
        if !function.contains("ownFrame") {
            #expect(function.hasPrefix(frame.filename + "+0x"))
            #expect(frame.module.map(isBuildID) == true)
        }
    }

    @Test("an address-only frame carries the offset in its binary and the binary's build id")
    func addressFrame() throws {
        let trace = try #require(CapturedStackTrace.capture(skipping: 0, limit: 1))
        let address = try #require(StackTraceResolver.addresses(of: trace).first)
        let frame = Symbolizer.addressFrame(at: address, images: ImageMapCache.images)
        let image = try #require(ImageMapCache.images.first { $0.name == frame.filename })
        let base = try #require(UInt64(image.baseAddress))
        #expect(frame.function == frame.filename + "+0x" + String(address - base, radix: 16))
        #expect(frame.lineno == nil)
        if let buildID = image.uniqueID, !buildID.isEmpty {
            #expect(frame.module.map(isBuildID) == true)
            #expect(frame.module?.count == buildID.count * 2)
        } else {
            #expect(frame.module == frame.filename)
        }
    }

    @Test("an address in no binary is reported as such")
    func addressOutsideEveryBinary() {
        let frame = Symbolizer.addressFrame(at: 0x10, images: ImageMapCache.images)
        #expect(frame.filename == "unknown")
        #expect(frame.function == "unknown+0x10")
    }

    @Test("Swift names are demangled; C names and thunks are recognised")
    func demangling() {
        #expect(SwiftSymbols.demangle("$sSi") == "Swift.Int")
        #expect(SwiftSymbols.demangle("malloc") == "malloc")
        #expect(SwiftSymbols.demangle("_ZN4llvm3fooEv") == "_ZN4llvm3fooEv")
        #expect(SwiftSymbols.isThunk("reabstraction thunk helper from @escaping () -> () to ()"))
        #expect(!SwiftSymbols.isThunk("App.handler() -> ()"))
    }

    private func isBuildID(_ text: String) -> Bool {
        !text.isEmpty && text.count.isMultiple(of: 2) && text.allSatisfy(\.isHexDigit)
    }
}
#endif
