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

/// The few functions of elfutils' `libdwfl` (in `libdw.so.1`) the symbolizer uses, loaded with
/// `dlopen` at run time: the library is in most Linux images (perf and systemd-coredump use it)
/// but its headers usually are not, and a process without it still gets address-only frames.
///
/// Every handle (`Dwfl *`, `Dwfl_Module *`, `Dwarf_Die *`, `Dwarf_Line *`) is opaque. A `Dwfl` is
/// not thread-safe: only the resolver thread uses one. Immutable once loaded.
struct LibDW: @unchecked Sendable {
    typealias Begin = @convention(c) (UnsafeRawPointer?) -> OpaquePointer?
    typealias End = @convention(c) (OpaquePointer?) -> Void
    typealias ReportBegin = @convention(c) (OpaquePointer?) -> Void
    typealias ReportEnd = @convention(c) (OpaquePointer?, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    typealias ProcReport = @convention(c) (OpaquePointer?, pid_t) -> Int32
    typealias AddrModule = @convention(c) (OpaquePointer?, UInt64) -> OpaquePointer?
    typealias AddrName = @convention(c) (OpaquePointer?, UInt64) -> UnsafePointer<CChar>?
    typealias NextCU =
        @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt64>?) -> UnsafeMutableRawPointer?
    typealias Ranges =
        @convention(c) (
            UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt64>?,
            UnsafeMutablePointer<UInt64>?
        ) -> Int
    typealias SrcDie = @convention(c) (UnsafeMutableRawPointer?, UInt64) -> OpaquePointer?
    typealias LineNo = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?) -> Int32
    typealias LineSrc =
        @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt64>?) -> UnsafePointer<CChar>?
    typealias ModuleInfo =
        @convention(c) (
            OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutableRawPointer?>?>?,
            UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt64>?,
            UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UnsafePointer<CChar>?>?,
            UnsafeMutablePointer<UnsafePointer<CChar>?>?
        ) -> UnsafePointer<CChar>?
    typealias BuildID =
        @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt64>?) -> Int32

    let begin: Begin
    let end: End
    let reportBegin: ReportBegin
    let reportEnd: ReportEnd
    let procReport: ProcReport
    let addrModule: AddrModule
    let addrName: AddrName
    let nextCU: NextCU
    let ranges: Ranges
    let srcDie: SrcDie
    let lineNo: LineNo
    let lineSrc: LineSrc
    let moduleInfo: ModuleInfo
    let buildID: BuildID
    /// `dwfl_linux_proc_find_elf` and `dwfl_standard_find_debuginfo`, for the `Dwfl_Callbacks`.
    let findELF: UnsafeMutableRawPointer
    let findDebugInfo: UnsafeMutableRawPointer

    /// The process's copy: `nil` when `libdw.so.1` (or one of its functions) is absent.
    static let shared: LibDW? = LibDW(path: "libdw.so.1")

    /// Loads `path` and looks up every function; `nil` if the library or a function is missing.
    init?(path: String) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<T>(_ name: String, as _: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
        }
        guard let begin = symbol("dwfl_begin", as: Begin.self),
            let end = symbol("dwfl_end", as: End.self),
            let reportBegin = symbol("dwfl_report_begin", as: ReportBegin.self),
            let reportEnd = symbol("dwfl_report_end", as: ReportEnd.self),
            let procReport = symbol("dwfl_linux_proc_report", as: ProcReport.self),
            let addrModule = symbol("dwfl_addrmodule", as: AddrModule.self),
            let addrName = symbol("dwfl_module_addrname", as: AddrName.self),
            let nextCU = symbol("dwfl_module_nextcu", as: NextCU.self),
            let ranges = symbol("dwarf_ranges", as: Ranges.self),
            let srcDie = symbol("dwarf_getsrc_die", as: SrcDie.self),
            let lineNo = symbol("dwarf_lineno", as: LineNo.self),
            let lineSrc = symbol("dwarf_linesrc", as: LineSrc.self),
            let moduleInfo = symbol("dwfl_module_info", as: ModuleInfo.self),
            let buildID = symbol("dwfl_module_build_id", as: BuildID.self),
            let findELF = dlsym(handle, "dwfl_linux_proc_find_elf"),
            let findDebugInfo = dlsym(handle, "dwfl_standard_find_debuginfo")
        else {
            dlclose(handle)
            return nil
        }
        self.begin = begin
        self.end = end
        self.reportBegin = reportBegin
        self.reportEnd = reportEnd
        self.procReport = procReport
        self.addrModule = addrModule
        self.addrName = addrName
        self.nextCU = nextCU
        self.ranges = ranges
        self.srcDie = srcDie
        self.lineNo = lineNo
        self.lineSrc = lineSrc
        self.moduleInfo = moduleInfo
        self.buildID = buildID
        self.findELF = findELF
        self.findDebugInfo = findDebugInfo
    }
}
#endif
