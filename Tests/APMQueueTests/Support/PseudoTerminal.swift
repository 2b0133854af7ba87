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

import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal pair: a child gets `terminal` as its standard input (so `isatty(0)` is
/// true) and the test types into it through `type(_:)`.
struct PseudoTerminal {
    /// The controlling side, where the test writes.
    let controller: Int32
    /// The terminal side, given to the child.
    let terminal: Int32

    /// libc's pseudo-terminal functions, looked up at run time: the Glibc module does not
    /// declare them (they need _XOPEN_SOURCE).
    private static func libc<T>(_ name: String, as type: T.Type) throws -> T {
        let symbol = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name), "\(name) not found")
        return unsafeBitCast(symbol, to: type)
    }

    init() throws {
        typealias OpenPT = @convention(c) (Int32) -> Int32
        typealias UnlockPT = @convention(c) (Int32) -> Int32
        typealias PTSName = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        let controller = try Self.libc("posix_openpt", as: OpenPT.self)(O_RDWR | O_NOCTTY)
        try #require(controller >= 0)
        _ = fcntl(controller, F_SETFD, FD_CLOEXEC)
        try #require(try Self.libc("grantpt", as: UnlockPT.self)(controller) == 0)
        try #require(try Self.libc("unlockpt", as: UnlockPT.self)(controller) == 0)
        var name = [CChar](repeating: 0, count: 128)
        try #require(try Self.libc("ptsname_r", as: PTSName.self)(controller, &name, name.count) == 0)
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let terminal = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        try #require(terminal >= 0)
        self.controller = controller
        self.terminal = terminal
    }

    /// Types `text` (it waits in the terminal's input until the child reads it).
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    func close() {
        for fd in [terminal, controller] { _ = closeDescriptor(fd) }
    }
}

/// `close(2)`, outside of a type that has its own `close`.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
