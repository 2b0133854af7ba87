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

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration for a log line: whole seconds from one second up (`4 s`), milliseconds
    /// below (`250 ms`).
    var logText: String {
        if seconds >= 1 {
            return "\(Int(seconds.rounded())) s"
        }
        return "\(Int((seconds * 1000).rounded())) ms"
    }
}
