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
    /// The duration the way configuration values are written (`10ms`, `5s`, `72h`), in the
    /// largest unit that keeps it whole (down to microseconds).
    package var configText: String {
        let totalMicros = inMicroseconds
        if totalMicros % 1_000_000 == 0 {
            let s = totalMicros / 1_000_000
            if s != 0, s % 3600 == 0 { return "\(s / 3600)h" }
            if s != 0, s % 60 == 0 { return "\(s / 60)m" }
            return "\(s)s"
        }
        if totalMicros % 1_000 == 0 { return "\(totalMicros / 1_000)ms" }
        return "\(totalMicros)us"
    }

    /// The duration for a log line: whole seconds from one second up (`4 s`), milliseconds
    /// below (`250 ms`).
    package var logText: String {
        let seconds = inSeconds
        if seconds >= 1 {
            return "\(Int(seconds.rounded())) s"
        }
        return "\(Int((seconds * 1000).rounded())) ms"
    }
}
