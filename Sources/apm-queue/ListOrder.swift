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

import APMStore
import ArgumentParser

/// `--newest` / `--oldest` of the listing commands.
enum ListOrder: String, EnumerableFlag {
    case newest
    case oldest

    /// The store's order.
    var eventOrder: EventOrder { self == .newest ? .newestFirst : .oldestFirst }

    static func help(for value: ListOrder) -> ArgumentHelp? {
        switch value {
        case .newest: return "Newest first."
        case .oldest: return "Oldest first (the order of delivery)."
        }
    }
}
