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

/// A failure of zlib or libdeflate while compressing or decompressing gzip data.
package enum GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// zlib reported `status` (`Z_STREAM_ERROR`, `Z_MEM_ERROR`, `Z_BUF_ERROR`, …).
    case zlib(status: Int32)
    /// libdeflate produced no output (its bound was too small, which it promises never happens).
    case libdeflate
    /// The data is not valid gzip from byte `offset` of the input on; `decoded` bytes were
    /// decompressed before the damage.
    case damaged(offset: Int, decoded: Int)
    /// Decompressing would produce more than `limit` bytes.
    case tooLarge(limit: Int)

    /// One line naming the failure.
    package var description: String {
        switch self {
        case .zlib(let status):
            return "gzip failed (zlib status \(status))"
        case .libdeflate:
            return "gzip failed (libdeflate produced no output)"
        case .damaged(let offset, let decoded):
            return "damaged gzip data at byte \(offset) (\(decoded) bytes decoded before it)"
        case .tooLarge(let limit):
            return "gzip data decompresses to more than \(limit) bytes"
        }
    }
}
