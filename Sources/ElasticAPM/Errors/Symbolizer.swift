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
import APMRuntime
import Glibc
import Runtime

/// Resolves one code address to a frame: function from the binary's symbol tables, file and line
/// from its DWARF line program (or separate debug files found by build id), through elfutils'
/// `libdwfl` when `libdw.so.1` is present.
///
/// `libdwfl` maps each binary once and reads its symbol table once; the symbolizer reads the
/// address ranges of a binary's compilation units once (their top DIEs, not the units) and decodes
/// the line program of only the unit an address falls in. File and line are looked up for the
/// application's binaries, not for system libraries (whose separate debug files would cost
/// megabytes for frames shown collapsed). Inlined call chains are not rebuilt: a frame is the
/// symbol table's function with the file and line of the innermost code at the address.
///
/// Without `libdw`, a frame gets the function name from the dynamic symbol table (`dladdr`) where
/// it has one, else the address within its binary and the binary's build id.
///
/// Not thread-safe: the resolver thread owns it.
final class Symbolizer {
    private let libdw: LibDW?
    private let images: ImageMap
    /// `Dwfl_Callbacks`: find_elf, find_debuginfo, section_address, debuginfo_path. It must outlive
    /// the session.
    private let callbacks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// The `Dwfl` session over the process's mapped binaries, opened at the first lookup.
    private var session: OpaquePointer?
    private var sessionFailed = false
    /// When the modules were last read from `/proc/self/maps`; an address outside all of them
    /// (a library loaded since) reads them again, at most every ``refreshIntervalNanos``.
    private var reportedAt: UInt64 = 0
    /// The compilation units of each module whose lines were looked up (at most one table per
    /// mapped binary; the `Dwarf_Die`s belong to the session).
    private var units: [OpaquePointer: UnitTable] = [:]
    static let refreshIntervalNanos: UInt64 = 10_000_000_000

    /// A symbolizer using `libdw` (`nil`: the fallback alone) and the process's image map.
    init(libdw: LibDW? = LibDW.shared, images: ImageMap = ImageMapCache.images) {
        self.libdw = libdw
        self.images = images
        callbacks = .allocate(capacity: 4)
        callbacks.initialize(repeating: nil, count: 4)
        if let libdw {
            callbacks[0] = libdw.findELF
            callbacks[1] = libdw.findDebugInfo
        }
    }

    deinit {
        if let session, let libdw { libdw.end(session) }
        callbacks.deallocate()
    }

    /// Whether lookups go through `libdw`.
    var usesLibDW: Bool { libdw != nil && !sessionFailed }

    /// The frame at `address` (a program counter: return addresses already moved back into their
    /// call instruction); `nil` for the Swift runtime's thunks, which traces leave out.
    func frame(at address: UInt64) -> StackFrame? {
        if let frame = libdwFrame(at: address) { return Self.keep(frame) }
        return Self.keep(Self.dynamicSymbolFrame(at: address, images: images))
    }

    private static func keep(_ frame: StackFrame) -> StackFrame? {
        guard let function = frame.function else { return frame }
        return SwiftSymbols.isThunk(function) ? nil : frame
    }

    // MARK: libdw

    private func libdwFrame(at address: UInt64) -> StackFrame? {
        guard let libdw, let dwfl = openSession(libdw) else { return nil }
        var module = libdw.addrModule(dwfl, address)
        if module == nil, SystemClock().monotonicNanos &- reportedAt >= Self.refreshIntervalNanos {
            report(libdw, dwfl)
            module = libdw.addrModule(dwfl, address)
        }
        guard let module else { return nil }
        var start: UInt64 = 0
        let path = libdw.moduleInfo(module, nil, &start, nil, nil, nil, nil, nil).map { String(cString: $0) } ?? "unknown"
        let image = Self.lastComponent(path)
        let function = libdw.addrName(module, address).map { SwiftSymbols.demangle(String(cString: $0)) }
        let library = Self.isLibrary(image: image, function: function) || Self.isSystemPath(path)
        // Lines only for the application's binaries: a system library's separate debug file (libc6-dbg)
        // would cost megabytes for frames that are collapsed anyway.
        let source = library ? nil : sourceLine(libdw, module, address)
        guard function != nil || source != nil else {
            var bits: UnsafePointer<UInt8>?
            var vaddr: UInt64 = 0
            let length = libdw.buildID(module, &bits, &vaddr)
            let buildID = bits.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(length, 0)))) }
            return Self.addressFrame(address &- start, image: image, buildID: buildID)
        }
        return StackFrame(
            function: function, filename: source.map { Self.lastComponent($0.path) } ?? image, absPath: source?.path,
            lineno: source?.line, module: image, libraryFrame: library)
    }

    /// The file and line of `address` from the line program of the compilation unit it lies in.
    private func sourceLine(_ libdw: LibDW, _ module: OpaquePointer, _ address: UInt64) -> (path: String, line: Int?)? {
        let table = units[module] ?? loadUnits(libdw, module)
        let pc = address &- table.bias
        guard let unit = table.unit(containing: pc), let record = libdw.srcDie(unit, pc) else { return nil }
        guard let path = libdw.lineSrc(record, nil, nil).map({ String(cString: $0) }) else { return nil }
        var line: Int32 = 0
        return (path, libdw.lineNo(record, &line) == 0 && line > 0 ? Int(line) : nil)
    }

    /// Reads the address ranges of `module`'s compilation units (their top DIEs only): libdw 0.188
    /// finds an address's unit only through `.debug_aranges`, which Swift and clang do not emit.
    private func loadUnits(_ libdw: LibDW, _ module: OpaquePointer) -> UnitTable {
        var table = UnitTable()
        var unit: UnsafeMutableRawPointer?
        var bias: UInt64 = 0
        while let next = libdw.nextCU(module, unit, &bias) {
            unit = next
            table.bias = bias
            var offset = 0
            var base: UInt64 = 0
            var low: UInt64 = 0
            var high: UInt64 = 0
            repeat {
                offset = libdw.ranges(next, offset, &base, &low, &high)
                if offset > 0, low < high { table.ranges.append(UnitTable.Range(low: low, high: high, unit: next)) }
            } while offset > 0
        }
        table.ranges.sort { $0.low < $1.low }
        units[module] = table
        return table
    }

    private func openSession(_ libdw: LibDW) -> OpaquePointer? {
        if let session { return session }
        guard !sessionFailed else { return nil }
        guard let dwfl = libdw.begin(UnsafeRawPointer(callbacks)) else {
            sessionFailed = true
            return nil
        }
        guard report(libdw, dwfl) else {
            libdw.end(dwfl)
            sessionFailed = true
            return nil
        }
        session = dwfl
        return dwfl
    }

    /// Reads the process's mapped binaries into the session (modules already known keep their
    /// loaded tables).
    @discardableResult
    private func report(_ libdw: LibDW, _ dwfl: OpaquePointer) -> Bool {
        reportedAt = SystemClock().monotonicNanos
        libdw.reportBegin(dwfl)
        let reported = libdw.procReport(dwfl, getpid())
        return libdw.reportEnd(dwfl, nil, nil) == 0 && reported == 0
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

/// The address ranges of a module's compilation units, sorted by start, in the module's DWARF
/// addresses (process addresses minus `bias`).
private struct UnitTable {
    struct Range {
        var low: UInt64
        var high: UInt64
        var unit: UnsafeMutableRawPointer
    }

    var bias: UInt64 = 0
    var ranges: [Range] = []

    /// The unit whose ranges hold `pc`.
    func unit(containing pc: UInt64) -> UnsafeMutableRawPointer? {
        var lower = 0
        var upper = ranges.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if ranges[middle].low <= pc { lower = middle + 1 } else { upper = middle }
        }
        // `lower` is the first range starting above `pc`; ranges of nested units may overlap, so
        // look back a little past the nearest one.
        var index = lower - 1
        while index >= 0, index >= lower - 8 {
            if pc < ranges[index].high { return ranges[index].unit }
            index -= 1
        }
        return nil
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
#endif
