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

import APMRuntime
import NIOCore

extension TimeAmount {
    /// The same span as `duration`, to the nanosecond (saturating).
    init(_ duration: Duration) {
        self = .nanoseconds(duration.inNanoseconds)
    }
}
