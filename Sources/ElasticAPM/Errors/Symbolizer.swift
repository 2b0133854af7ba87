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
import Glibc
import Runtime

/// Resolves one code address to a frame: function from the binary's symbol table (`.symtab`, else
/// `.dynsym`), file and line from its DWARF line programs, read by ``ELFBinary`` into compact
/// indexes without mapping the file.
///
/// Each binary is opened at its first lookup and kept (its function index: 16 bytes per function).
/// File and line are looked up for the application's binaries, not for system libraries (frames
/// shown collapsed), so only their line programs are indexed. Inlined call chains are not rebuilt:
/// a frame is the symbol table's function with the file and line of the innermost code at the
/// address. Line programs in separate debug files or compressed sections are not read.
///
/// Without reading binaries (`readsBinaries: false`), or for an object that cannot be read, a frame
/// gets the function name from the dynamic symbol table (`dladdr`) where it has one, else the
/// address within its binary and the binary's build id.
///
/// Not thread-safe: the resolver thread owns it.
final class Symbolizer {
    private let readsBinaries: Bool
    private let images: ImageMap
    /// The binaries met so far, by path (`nil`: not readable).
    private var binaries: [String: ELFBinary?] = [:]

    /// A symbolizer reading the process's binaries (`false`: the `dladdr` fallback alone) with
    /// the process's image map for address-only frames.
    init(readsBinaries: Bool = true, images: ImageMap = ImageMapCache.images) {
        self.readsBinaries = readsBinaries
        self.images = images
    }

    /// The frame at `address` (a program counter: return addresses already moved back into their
    /// call instruction); `nil` for the Swift runtime's thunks, which traces leave out.
    func frame(at address: UInt64) -> StackFrame? {
        if readsBinaries, let frame = binaryFrame(at: address) { return Self.keep(frame) }
        return Self.keep(Self.dynamicSymbolFrame(at: address, images: images))
    }

    private static func keep(_ frame: StackFrame) -> StackFrame? {
        guard let function = frame.function else { return frame }
        return SwiftSymbols.isThunk(function) ? nil : frame
    }

    // MARK: Binaries

    private func binaryFrame(at address: UInt64) -> StackFrame? {
        guard let object = ELFBinary.loadedObject(at: address), let binary = binary(at: object.path) else { return nil }
        let fileAddress = address &- object.bias
        let image = Self.lastComponent(object.path)
        let function = binary.function(at: fileAddress).map(SwiftSymbols.demangle)
        let library = Self.isLibrary(image: image, function: function) || Self.isSystemPath(object.path)
        // Lines only for the application's binaries: frames of system libraries are collapsed, and
        // their line programs (where they have any) would cost an index each.
        let source = library ? nil : binary.sourceLine(at: fileAddress)
        guard function != nil || source != nil else {
            return Self.addressFrame(fileAddress, image: image, buildID: binary.buildID)
        }
        return StackFrame(
            function: function, filename: source.map { Self.lastComponent($0.path) } ?? image, absPath: source?.path,
            lineno: source?.line, module: image, libraryFrame: library)
    }

    private func binary(at path: String) -> ELFBinary? {
        if let known = binaries[path] { return known }
        let binary = ELFBinary(path: path)
        binaries[path] = .some(binary)
        return binary
    }

    // MARK: Fallback

    private typealias DLAddr = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32

    /// glibc's `dladdr`, which its Swift module does not declare.
    private static let dladdr: DLAddr? = dlsym(nil, "dladdr").map { unsafeBitCast($0, to: DLAddr.self) }

    /// The frame `dladdr` gives: the nearest dynamic symbol, else ``addressFrame(at:images:)``.
    static func dynamicSymbolFrame(at address: UInt64, images: ImageMap) -> StackFrame {
        // `Dl_info`: dli_fname, dli_fbase, dli_sname, dli_saddr (Glibc's module hides it).
        var info: (UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?) = (nil, nil, nil, nil)
        guard let dladdr = Self.dladdr, dladdr(UnsafeRawPointer(bitPattern: UInt(address)), &info) != 0,
            let symbol = info.2
        else {
            return addressFrame(at: address, images: images)
        }
        let image = info.0.map { lastComponent(String(cString: $0)) } ?? "unknown"
        let function = SwiftSymbols.demangle(String(cString: symbol))
        return StackFrame(
            function: function, filename: image, absPath: nil, lineno: nil, module: image,
            libraryFrame: isLibrary(image: image, function: function))
    }

    /// A frame known by its address within its binary and the binary's build id (from the image
    /// map captured at start), so that it can be resolved offline.
    static func addressFrame(at address: UInt64, images: ImageMap) -> StackFrame {
        let image = images.first { image in
            guard let base = UInt64(image.baseAddress), let end = UInt64(image.endOfText) else {
                return false
            }
            return base <= address && address < end
        }
        guard let image, let base = UInt64(image.baseAddress) else {
            return addressFrame(address, image: "unknown", buildID: nil)
        }
        return addressFrame(address &- base, image: image.name ?? "unknown", buildID: image.uniqueID)
    }

    /// `function`: `binary+0xOFFSET`; `module`: the build id in hex (the binary's name without one).
    private static func addressFrame(_ offset: UInt64, image: String, buildID: [UInt8]?) -> StackFrame {
        let hex = buildID.flatMap { $0.isEmpty ? nil : $0.map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined() }
        return StackFrame(
            function: image + "+0x" + String(offset, radix: 16), filename: image, absPath: nil, lineno: nil,
            module: hex ?? image, libraryFrame: isLibrary(image: image, function: nil))
    }

    // MARK: Classification

    /// Frames outside the application's own code: the Swift runtime and standard libraries, libc,
    /// the dynamic loader, and the program's entry stub.
    static func isLibrary(image: String, function: String?) -> Bool {
        image.hasPrefix("libswift") || image.hasPrefix("libc") || image.hasPrefix("libFoundation")
            || image.hasPrefix("libdispatch") || image.hasPrefix("ld-linux") || image.hasPrefix("libstdc++")
            || function == "_start"
    }

    /// Binaries installed by the system (`/lib`, `/usr/lib`, `/usr/lib64`).
    private static func isSystemPath(_ path: String) -> Bool {
        path.hasPrefix("/lib/") || path.hasPrefix("/usr/lib/") || path.hasPrefix("/lib64/") || path.hasPrefix("/usr/lib64/")
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
#endif
