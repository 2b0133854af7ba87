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
import CAPMBacktrace

/// One ELF binary's function symbols and DWARF line programs, read with `pread` into compact
/// indexes by `CAPMBacktrace`'s reader (`apm_elf.c`): 16 bytes per function symbol when opened,
/// and, at the first line lookup, about 24 bytes per run of code of one compilation unit. The file
/// is never mapped, so what is read stays in the kernel's page cache instead of the process's
/// resident set, and a lookup decodes the line program of only the unit holding the address.
///
/// Not thread-safe: the resolver thread owns it.
final class ELFBinary {
    private let file: OpaquePointer
    /// The lookups' text buffer (names of mangled Swift functions run to a few KiB).
    private let buffer: UnsafeMutablePointer<CChar>
    private static let bufferSize = 8192

    /// The binary at `path`; `nil` when it cannot be read or is not a 64-bit little-endian ELF file.
    init?(path: String) {
        guard let file = apm_elf_open(path) else { return nil }
        self.file = file
        buffer = .allocate(capacity: Self.bufferSize)
    }

    deinit {
        apm_elf_close(file)
        buffer.deallocate()
    }

    /// The bytes its indexes hold.
    var memoryBytes: Int { apm_elf_memory(file) }

    /// The (mangled) name of the function holding `address`, an address in the file's layout
    /// (the process address minus the object's load bias).
    func function(at address: UInt64) -> String? {
        guard apm_elf_symbol(file, address, buffer, Self.bufferSize) != 0 else { return nil }
        return String(cString: buffer)
    }

    /// The source path and line (`nil`: compiler-generated code) of `address` from the line programs.
    func sourceLine(at address: UInt64) -> (path: String, line: Int?)? {
        var line: UInt32 = 0
        guard apm_elf_line(file, address, buffer, Self.bufferSize, &line) != 0 else { return nil }
        return (String(cString: buffer), line > 0 ? Int(line) : nil)
    }

    /// The GNU build id, `nil` when the binary has none.
    var buildID: [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 64)
        let length = apm_elf_build_id(file, &bytes, bytes.count)
        return length > 0 ? Array(bytes.prefix(length)) : nil
    }

    /// The loaded object of this process holding `address`: its path and load bias.
    static func loadedObject(at address: UInt64) -> (path: String, bias: UInt64)? {
        var path = [CChar](repeating: 0, count: 4096)
        var bias: UInt64 = 0
        guard apm_elf_loaded_object(address, &bias, &path, path.count) != 0 else { return nil }
        return (path.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, bias)
    }
}
#endif
