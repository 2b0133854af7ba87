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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Network failures as one short sentence for the log: SwiftNIO's own descriptions of a refused
/// connection read `connection reset (error set): Connection refused) (errno: 111)`.
package enum NetworkErrorText {
    /// `connection refused (errno 111)`, `cannot connect to host:port: …`, else the error's description.
    package static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            let reason = strerror(io.errnoCode).map { String(cString: $0) } ?? "error"
            return "\(reason.prefix(1).lowercased() + reason.dropFirst()) (errno \(io.errnoCode))"
        }
        if let connection = error as? NIOConnectionError {
            if let dns = connection.dnsAError ?? connection.dnsAAAAError {
                return "cannot resolve \(connection.host): \(describe(dns))"
            }
            if let first = connection.connectionErrors.first {
                return "cannot connect to \(connection.host):\(connection.port): \(describe(first.error))"
            }
        }
        return String(describing: error)
    }
}
