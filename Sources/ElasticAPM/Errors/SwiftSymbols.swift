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

/// Swift symbol names as people read them: demangled by the Swift runtime's `swift_demangle`.
enum SwiftSymbols {
    /// The readable form of `symbol` when it is a mangled Swift name, else `symbol` itself
    /// (C names, and C++ names, which stay mangled).
    static func demangle(_ symbol: String) -> String {
        guard isMangledSwift(symbol) else { return symbol }
        return symbol.withCString { mangled in
            guard let demangled = swiftDemangle(mangled, strlen(mangled), nil, nil, 0) else { return symbol }
            defer { free(demangled) }
            return String(cString: demangled)
        }
    }

    /// Whether a demangled name is one of the compiler's forwarding thunks (reabstraction, partial
    /// application, dispatch), which stack traces leave out.
    static func isThunk(_ function: String) -> Bool {
        function.hasPrefix("reabstraction thunk") || function.hasPrefix("thunk for ")
            || function.hasPrefix("partial apply forwarder") || function.hasPrefix("dispatch thunk of ")
    }

    private static func isMangledSwift(_ symbol: String) -> Bool {
        symbol.hasPrefix("$s") || symbol.hasPrefix("_$s") || symbol.hasPrefix("$S") || symbol.hasPrefix("_$S")
            || symbol.hasPrefix("_T0")
    }
}

/// The Swift runtime's demangler (`libswiftCore`): returns a `malloc`ed string the caller frees.
@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int, _ outputBuffer: UnsafeMutablePointer<CChar>?,
    _ outputBufferSize: UnsafeMutablePointer<Int>?, _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?
#endif
